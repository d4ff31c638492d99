import type { FastifyInstance } from 'fastify';
import { CofferError } from '../../domain/index.js';
import { api } from '../../api/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { presentNode, presentUser } from '../presenters.js';
import { collectAfterResponse, largeListingItems } from '../large-response-memory.js';
import { expiryOf, presentFileRequest, presentGuestInvitation, presentShare, presentShareEvent, presentSharedItem } from '../sharing-presenters.js';
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

  defineRoute(app, sessions, api.createRequest, async ({ auth, body }) => {
    const { request, token } = await services.fileRequests.create(auth, { ...body, expiresAt: checkedExpiry(body.expiresAt) });
    const encoded = token.toString('base64url');
    return { request: presentFileRequest(request), token: encoded, path: `/r/${request.id}#${encoded}` };
  });
  defineRoute(app, sessions, api.listRequests, async ({ auth }) => ({ requests: (await services.fileRequests.list(auth)).map(presentFileRequest) }));
  defineRoute(app, sessions, api.revokeRequest, async ({ auth, params }) => {
    await services.fileRequests.revoke(auth, params.id);
  });
  defineRoute(app, sessions, api.adoptDrops, async ({ auth }) => ({ adopted: await services.dropAdoption.adoptAll(auth) }));

  defineRoute(app, sessions, api.inviteGuest, async ({ auth, body }) => {
    const { invitation, token } = await services.guests.invite(auth, body);
    return { invitation: presentGuestInvitation(invitation), token: token.toString('base64url') };
  });
  defineRoute(app, sessions, api.listGuestInvitations, async ({ auth }) => ({
    invitations: (await services.guests.list(auth)).map(presentGuestInvitation),
  }));
  defineRoute(app, sessions, api.completeGuestInvitations, async ({ auth }) => ({ shared: await services.guests.complete(auth) }));
  defineRoute(app, sessions, api.acceptGuestInvitation, async ({ params, body, request }) => {
    const created = await services.guests.accept(params.id, Buffer.from(body.token, 'base64url'), body.password, request.ip);
    return { user: presentUser(created.user), recoveryKey: created.recoveryKey };
  });

  defineRoute(app, sessions, api.sharedWithMe, async ({ auth }) => ({ items: (await sharedAccess.sharedWithMe(auth)).map(presentSharedItem) }));
  defineRoute(app, sessions, api.leaveShare, async ({ auth, params }) => {
    await sharedAccess.leave(auth, params.id);
  });
  defineRoute(app, sessions, api.listShared, async ({ auth, params, query, reply }) => {
    const listing = await sharedAccess.list(auth, params.id, query.folderId);
    if (listing.items.length >= largeListingItems) collectAfterResponse(reply);
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
  defineRoute(app, sessions, api.dropFile, async ({ params, query, request }) => {
    const token = request.headers['x-coffer-request-token'];
    const password = request.headers['x-coffer-request-password'];
    if (typeof token !== 'string') throw new CofferError('request.not_found');
    const dropped = await services.requestDrops.drop(
      params.id,
      Buffer.from(token, 'base64url'),
      typeof password === 'string' ? Buffer.from(password, 'base64').toString('utf8') : undefined,
      query.name,
      { body: request.raw, declaredLength: declaredLength(request) },
      request.ip,
    );
    return dropped;
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
