import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { api } from '../../api/index.js';
import { contentDisposition } from '../byte-range.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { presentNode } from '../presenters.js';

export function registerDriveRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions } = services;

  defineRoute(app, sessions, api.search, async ({ auth, query }) => {
    const user = await services.users.get(auth.userId);
    const { hits, truncated } = await services.search.search(auth, user.root_folder_id, query.q, query.limit);
    return { hits: hits.map((hit) => ({ node: presentNode(hit.node), folderPath: hit.folderPath })), truncated };
  });

  defineRoute(app, sessions, api.downloadArchive, async ({ auth, query, request, reply }) => {
    const archive = await services.archive.create(auth, query.ids);
    const name = `${(query.name ?? 'coffer-download').replace(/[\\/]/g, '_')}.zip`;
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'content-type': 'application/zip',
      'content-disposition': contentDisposition('attachment', name),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    // A failure after the first byte (a file failing its integrity check) must not look like a complete zip.
    archive.stream.on('error', (err: Error) => {
      request.log.error({ code: 'code' in err ? String(err.code) : 'archive_error' }, 'archive aborted');
      reply.raw.destroy();
    });
    request.raw.on('close', () => archive.stream.destroy());
    archive.stream.pipe(reply.raw);
  });
}
