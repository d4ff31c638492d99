import type { FastifyInstance } from 'fastify';
import { CofferError } from '../../domain/index.js';
import { api } from '../../api/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { presentNode } from '../presenters.js';
import { expiryOf, presentShare, presentShareEvent, presentSharedItem } from '../sharing-presenters.js';
import { declaredLength, sendFile } from './content.routes.js';

/** Sharing with users: the owner's side (grants) and the recipient's side ("Shared with me"). */
export function registerSharingRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions, shares, sharedAccess } = services;

  defineRoute(app, sessions, api.createShare, async ({ auth, body }) =>
    presentShare(await shares.create(auth, { ...body, expiresAt: checkedExpiry(body.expiresAt) ?? null })),
  );
  defineRoute(app, sessions, api.listShares, async ({ auth, params }) => ({ shares: (await shares.listForNode(auth, params.id)).map(presentShare) }));
  defineRoute(app, sessions, api.updateShare, async ({ auth, params, body }) =>
    presentShare(await shares.update(auth, params.id, { permission: body.permission, expiresAt: checkedExpiry(body.expiresAt) })),
  );
  defineRoute(app, sessions, api.revokeShare, async ({ auth, params }) => {
    await shares.revoke(auth, params.id);
  });
  defineRoute(app, sessions, api.shareEvents, async ({ auth, params }) => ({
    events: (await services.links.history(auth, params.id)).map(presentShareEvent),
  }));

  defineRoute(app, sessions, api.sharedWithMe, async ({ auth }) => ({ items: (await sharedAccess.sharedWithMe(auth)).map(presentSharedItem) }));
  defineRoute(app, sessions, api.leaveShare, async ({ auth, params }) => {
    await sharedAccess.leave(auth, params.id);
  });
  defineRoute(app, sessions, api.listShared, async ({ auth, params, query }) => {
    const listing = await sharedAccess.list(auth, params.id, query.folderId);
    return { folder: presentNode(listing.folder), items: listing.items.map(presentNode) };
  });
  defineRoute(app, sessions, api.downloadShared, async ({ auth, params, query, request, reply }) => {
    const opened = await sharedAccess.open(auth, params.id, query.fileId, query.version);
    await sendFile(request, reply, opened, query.inline === '1');
  });
}

/** Uploads through a write share: raw bodies, so registered in a context without body parsers. */
export function registerSharedUploadRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions, sharedAccess } = services;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  defineRoute(app, sessions, api.uploadShared, async ({ auth, params, query, request, reply }) => {
    const { node, created } = await sharedAccess.uploadNew(auth, params.id, { ...query, body: request.raw, declaredLength: declaredLength(request) });
    void reply.code(created ? 201 : 200);
    return reply.send(presentNode(node));
  });
  defineRoute(app, sessions, api.uploadSharedVersion, async ({ auth, params, query, request }) =>
    presentNode(await sharedAccess.uploadVersion(auth, params.id, query.fileId, { body: request.raw, declaredLength: declaredLength(request) })),
  );
}

export function checkedExpiry(value: string | null | undefined): number | null | undefined {
  const expiry = expiryOf(value);
  if (typeof expiry === 'number' && !Number.isFinite(expiry)) throw new CofferError('request.invalid', 'expiresAt is not a valid time.');
  return expiry;
}
