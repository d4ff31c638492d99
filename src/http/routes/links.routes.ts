import type { FastifyInstance } from 'fastify';
import { CofferError } from '../../domain/index.js';
import { api } from '../../api/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { presentLink, presentLinkEntry } from '../sharing-presenters.js';
import { checkedExpiry } from './sharing.routes.js';

export const linkTicketHeader = 'x-coffer-link-ticket';

/** Links: the owner's management routes, and the public routes the recipient page calls (ciphertext only). */
export function registerLinkRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions, links, linkAccess } = services;

  defineRoute(app, sessions, api.createLink, async ({ auth, body }) => {
    const { link, secret } = await links.create(auth, { ...body, expiresAt: checkedExpiry(body.expiresAt) });
    const encoded = secret.toString('base64url');
    return { link: presentLink(link), secret: encoded, path: `/s/${link.id}#${encoded}` };
  });
  defineRoute(app, sessions, api.listLinks, async ({ auth, query }) => ({ links: (await links.list(auth, query.nodeId)).map(presentLink) }));
  defineRoute(app, sessions, api.revokeLink, async ({ auth, params }) => {
    await links.revoke(auth, params.id);
  });

  defineRoute(app, sessions, api.openLink, async ({ params, body, request }) => {
    const access = Buffer.from(body.access, 'base64url');
    const opened = await linkAccess.open(params.id, access, body.password, request.ip, body.code);
    return {
      ticket: opened.ticket,
      root: presentLinkEntry(opened.root),
      allowDownload: opened.allowDownload,
      expiresAt: opened.expiresAt === null ? null : new Date(opened.expiresAt).toISOString(),
    };
  });
  defineRoute(app, sessions, api.linkChildren, async ({ params, body, request }) => ({
    items: (await linkAccess.children(params.id, body.ticket, body.folderId, request.ip)).map(presentLinkEntry),
  }));
  defineRoute(app, sessions, api.linkManifest, async ({ params, body, request }) => {
    const manifest = await linkAccess.manifest(params.id, body.ticket, body.fileId, request.ip);
    return { ...manifest, salt: manifest.salt.toString('base64'), commitment: manifest.commitment.toString('base64') };
  });
  defineRoute(app, sessions, api.linkArchive, async ({ params, body, request }) => ({
    ticket: await linkAccess.archive(params.id, body.ticket, request.ip),
  }));
  defineRoute(app, sessions, api.linkObject, async ({ params, request, reply }) => {
    const ticket = request.headers[linkTicketHeader];
    if (typeof ticket !== 'string') throw new CofferError('link.not_found');
    const bytes = await linkAccess.object(params.id, ticket, params.index, request.ip);
    return reply.code(200).type('application/octet-stream').header('cache-control', 'no-store').send(bytes);
  });
}
