import type { OutgoingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { api } from '../../api/index.js';
import { contentDisposition } from '../byte-range.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';

export function registerAccountRoutes(app: FastifyInstance, services: HttpServices): void {
  defineRoute(app, services.sessions, api.exportAccount, async ({ auth, request, reply }) => {
    const zip = await services.accountExport.exportZip(auth);
    reply.hijack();
    reply.raw.writeHead(200, {
      ...(reply.getHeaders() as OutgoingHttpHeaders),
      'content-type': 'application/zip',
      'content-disposition': contentDisposition('attachment', 'coffer-export.zip'),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    try {
      await pipeline(zip, reply.raw);
    } catch {
      // A file failed its integrity check or the client went away: cut the connection so the zip is visibly incomplete.
      request.log.error({ code: 'export_aborted' }, 'account export aborted');
      reply.raw.destroy();
    }
  });

  defineRoute(app, services.sessions, api.deleteAccount, async ({ auth, body, reply }) => {
    await services.accountDeletion.deleteOwn(auth.userId, body.password);
    void reply.code(204);
  });
}
