import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { CofferError } from '../../domain/index.js';
import { appContentSecurityPolicy } from './web-app-csp.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

interface WebFile {
  readonly body: Buffer;
  readonly type: string;
  readonly immutable: boolean;
}

/** Built runs find dist/web beside dist/http; source runs (tests via tsx) find it from src/http. */
function findWebRoot(): string | undefined {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../web'), path.resolve(here, '../../../dist/web')];
  return candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
}

/**
 * Every file of the build is read once at start into a map keyed by URL path: only files that exist
 * in the build can be served, so no request path ever reaches the file system (no traversal).
 */
function loadFiles(root: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const url = '/' + path.relative(root, full).split(path.sep).join('/');
        const type = contentTypes[path.extname(entry).toLowerCase()] ?? 'application/octet-stream';
        // Vite puts content-hashed names under /assets: they never change, so browsers may keep them for a year.
        files.set(url, { body: readFileSync(full), type, immutable: url.startsWith('/assets/') });
      }
    }
  };
  walk(root);
  return files;
}

const notBuilt = Buffer.from('The web app is not built. Run `npm run build`.\n');

/** Serves the built web app at `/`: its files, and index.html for every other page (client-side routes). */
export function registerWebApp(app: FastifyInstance): void {
  const root = findWebRoot();
  const files = root ? loadFiles(root) : new Map<string, WebFile>();
  const index = files.get('/index.html');

  const send = (reply: FastifyReply, file: WebFile): FastifyReply =>
    reply
      .type(file.type)
      .header('content-security-policy', appContentSecurityPolicy)
      .header('cache-control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(file.body);

  app.get('/*', async (request, reply) => {
    const url = request.url.split('?')[0] ?? '/';
    // Any /api path (other versions included) stays an API answer: JSON 404, never the app page.
    if (url === '/api' || url.startsWith('/api/')) throw new CofferError('route.not_found', `There is no route GET ${url}.`);
    const file = files.get(url);
    if (file && url !== '/index.html') return send(reply, file);
    // A missing hashed asset is a real 404 (an old tab asking for a replaced build), not the app page.
    if (url.startsWith('/assets/')) throw new CofferError('route.not_found', `There is no file ${url}.`);
    if (!index) return reply.code(503).type('text/plain; charset=utf-8').send(notBuilt);
    return send(reply, index);
  });
}
