import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { appContentSecurityPolicy } from '../web-app/web-app-csp.js';

/**
 * The recipient page of a public link, `/s/<id>#<secret>`: static files under a strict Content-Security-Policy
 * (no inline script, nothing from other origins). The secret stays in the fragment, which browsers never send;
 * the page fetches the wrapped key and the ciphertext and decrypts them itself (link-crypto.ts). The file request
 * page (`/r/<id>#<token>`, ../request-page) is served beside it.
 */
const assets = {
  'link.js': 'text/javascript; charset=utf-8',
  'link-crypto.js': 'text/javascript; charset=utf-8',
  'link-zip.js': 'text/javascript; charset=utf-8',
  'link.css': 'text/css; charset=utf-8',
} as const;

/** Built runs read beside the compiled code; source runs (tests) read link-crypto.js from the build output. */
function readAsset(name: string): Buffer {
  const beside = new URL(`./${name}`, import.meta.url);
  if (existsSync(fileURLToPath(beside))) return readFileSync(beside);
  return readFileSync(fileURLToPath(beside).replace(/([/\\])src([/\\])http([/\\])/, '$1dist$2http$3'));
}

export function registerLinkPage(app: FastifyInstance): void {
  const headers = { 'content-security-policy': appContentSecurityPolicy, 'cache-control': 'no-cache', 'referrer-policy': 'no-referrer' };
  const page = readAsset('link.html');
  app.get('/s/:id', async (_request, reply) => reply.type('text/html; charset=utf-8').headers(headers).send(page));
  for (const [name, type] of Object.entries(assets)) {
    const body = readAsset(name);
    app.get(`/s/assets/${name}`, async (_request, reply) => reply.type(type).headers(headers).send(body));
  }
  // client-zip (MIT, one ESM file of about 6 KB) writes the zip of a folder link; the page imports it only on demand.
  const zipWriter = readFileSync(createRequire(import.meta.url).resolve('client-zip'));
  app.get('/s/assets/client-zip.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').headers(headers).send(zipWriter));
  // The file request page (`/r/<id>#<token>`): upload only, same policy and stylesheet.
  const requestPage = readAsset('../request-page/request.html');
  const requestScript = readAsset('../request-page/request.js');
  app.get('/r/:id', async (_request, reply) => reply.type('text/html; charset=utf-8').headers(headers).send(requestPage));
  app.get('/r/assets/request.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').headers(headers).send(requestScript));
}
