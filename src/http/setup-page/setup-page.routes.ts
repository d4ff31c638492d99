import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

/**
 * The first-run setup page (a stop-gap until the web app serves its own). Static files with a strict
 * Content-Security-Policy: no inline script, nothing from other origins.
 */
const files = {
  '/setup': { type: 'text/html; charset=utf-8', name: 'setup.html' },
  '/setup/setup.js': { type: 'text/javascript; charset=utf-8', name: 'setup.js' },
  '/setup/setup.css': { type: 'text/css; charset=utf-8', name: 'setup.css' },
} as const;

export const appContentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export function registerSetupPage(app: FastifyInstance): void {
  for (const [url, file] of Object.entries(files)) {
    // Source runs read from src/, built runs from dist/: the build copies these files beside the code.
    const body = readFileSync(new URL(`./${file.name}`, import.meta.url));
    app.get(url, async (_request, reply) =>
      reply.type(file.type).header('content-security-policy', appContentSecurityPolicy).header('cache-control', 'no-cache').send(body),
    );
  }
}
