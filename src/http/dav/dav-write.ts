import { CofferError } from '../../domain/index.js';
import { refuseBody } from './dav-body.js';
import { checkConditions } from './dav-conditions.js';
import { etagOf, type DavRequest } from './dav-context.js';
import { DavError } from './dav-error.js';

/** PUT streams the body through the normal upload path (encrypted as it arrives); an existing file gets a new version. */
export async function put(dav: DavRequest): Promise<void> {
  if (dav.path.segments.length === 0) throw new DavError(405, 'The root is a folder.');
  // A partial PUT would be taken for the whole file; RFC 9110 §14.5 says to refuse it.
  if (dav.header('content-range') !== undefined) throw new DavError(400, 'Partial PUT (Content-Range) is not supported.');
  const target = await dav.find();
  if (target?.node.type === 'folder') throw new DavError(405, 'PUT cannot replace a folder.');
  const parent = target ? undefined : await dav.parentFolder();
  await checkConditions(dav, target, [{ nodeId: target ? target.node.id : parent!.node.id, descendants: false }]);
  const { node, created } = await dav.services.upload.uploadNew(dav.auth, {
    parentId: target ? target.node.parentId! : parent!.node.id,
    name: dav.path.segments.at(-1)!,
    onConflict: 'version',
    body: dav.request.raw,
    declaredLength: declaredLength(dav),
  });
  void dav.reply.code(created ? 201 : 204).header('etag', etagOf(node));
  await dav.reply.send();
}

export async function mkcol(dav: DavRequest): Promise<void> {
  await refuseBody(dav);
  if (dav.path.segments.length === 0 || (await dav.find())) throw new DavError(405, 'Something already exists at this address.');
  const parent = await dav.parentFolder();
  await checkConditions(dav, undefined, [{ nodeId: parent.node.id, descendants: false }]);
  try {
    await dav.services.browse.createFolder(dav.auth, parent.node.id, dav.path.segments.at(-1)!);
  } catch (err) {
    if (err instanceof CofferError && err.code === 'node.name_taken') throw new DavError(405, 'Something already exists at this address.');
    throw err;
  }
  await dav.reply.code(201).send();
}

/**
 * DELETE moves the item to the trash, like the web UI and the CLI: it can be restored there until the
 * trash is emptied or its retention passes. It disappears from WebDAV at once and frees its name.
 */
export async function remove(dav: DavRequest): Promise<void> {
  if (dav.path.segments.length === 0) throw new DavError(403, 'The root cannot be deleted.');
  const target = await dav.find();
  if (!target) throw new DavError(404, 'Nothing at this address.');
  const depth = dav.header('depth')?.trim().toLowerCase();
  if (target.node.type === 'folder' && depth !== undefined && depth !== 'infinity') throw new DavError(400, 'DELETE of a folder takes Depth: infinity.');
  await checkConditions(dav, target, [
    { nodeId: target.node.id, descendants: true },
    { nodeId: target.node.parentId!, descendants: false },
  ]);
  await dav.services.davLocks.dropLocksOn(dav.auth, target.node.id);
  await dav.services.organize.trash(dav.auth, target.node.id);
  await dav.reply.code(204).send();
}

function declaredLength(dav: DavRequest): number | undefined {
  const header = dav.header('content-length');
  if (header === undefined) return undefined;
  const length = Number(header);
  if (!Number.isSafeInteger(length) || length < 0) throw new DavError(400, 'Content-Length is not a valid number.');
  return length;
}
