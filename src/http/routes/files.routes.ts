import type { FastifyInstance } from 'fastify';
import { api } from '../../api/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { readPassphrase } from '../passphrase-header.js';
import { presentNode, presentVersion } from '../presenters.js';
import { collectAfterResponse, largeListingItems } from '../large-response-memory.js';

/** Browsing and organizing: JSON in, JSON out. Content transfer lives in content.routes.ts. */
export function registerFileRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions, browse, organize, versions } = services;

  defineRoute(app, sessions, api.getNode, async ({ auth, params }) => presentNode(await browse.get(auth, params.id)));

  defineRoute(app, sessions, api.resolvePath, async ({ auth, query }) => {
    const user = await services.users.get(auth.userId);
    const { node, path } = await browse.resolve(auth, user.root_folder_id, query.path);
    return { node: presentNode(node), path: path.map(presentNode) };
  });

  defineRoute(app, sessions, api.listFolder, async ({ auth, params, query, reply }) => {
    const listing = await browse.list(auth, params.id, query);
    if (listing.items.length >= largeListingItems) collectAfterResponse(reply);
    return { folder: presentNode(listing.folder), items: listing.items.map(presentNode), total: listing.total, nextCursor: listing.nextCursor };
  });

  defineRoute(app, sessions, api.createFolder, async ({ auth, body }) => presentNode(await browse.createFolder(auth, body.parentId, body.name)));

  defineRoute(app, sessions, api.updateNode, async ({ auth, params, body }) => presentNode(await organize.update(auth, params.id, body)));

  defineRoute(app, sessions, api.copyNode, async ({ auth, params, body, request }) =>
    presentNode(await services.copy.copy(auth, params.id, body.parentId, body.name, readPassphrase(request))),
  );

  defineRoute(app, sessions, api.trashNode, async ({ auth, params }) => presentNode(await organize.trash(auth, params.id)));

  defineRoute(app, sessions, api.listTrash, async ({ auth }) => ({ items: (await organize.listTrash(auth)).map(presentNode) }));

  defineRoute(app, sessions, api.restoreNode, async ({ auth, params, body }) => presentNode(await organize.restore(auth, params.id, body?.name)));

  defineRoute(app, sessions, api.purgeNode, async ({ auth, params }) => {
    await organize.purge(auth, params.id);
  });

  defineRoute(app, sessions, api.emptyTrash, async ({ auth }) => ({ purged: await organize.emptyTrash(auth) }));

  defineRoute(app, sessions, api.listVersions, async ({ auth, params }) => ({ versions: (await versions.list(auth, params.id)).map(presentVersion) }));

  defineRoute(app, sessions, api.restoreVersion, async ({ auth, params }) => presentNode(await versions.restore(auth, params.id, params.versionId)));
}
