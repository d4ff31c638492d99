import { CofferError } from '../../domain/index.js';
import type { NodeView } from '../../features/files/index.js';
import { checkConditions, type Guarded } from './dav-conditions.js';
import type { DavRequest } from './dav-context.js';
import { DavError } from './dav-error.js';
import { isInside, parseDestination } from './dav-paths.js';

/**
 * COPY and MOVE (RFC 4918 §9.8-9.9). A COPY re-encrypts (a copy is a new file with its own key) and
 * carries the dead properties of the item copied; a MOVE re-seals the name and re-wraps the key, and
 * keeps the item (and its properties). An overwritten destination goes to the trash.
 */
export async function copyOrMove(dav: DavRequest, move: boolean): Promise<void> {
  const source = await dav.find();
  if (!source) throw new DavError(404, 'Nothing at this address.');
  if (source.path.segments.length === 0) throw new DavError(403, 'The root cannot be copied or moved.');
  const destination = parseDestination(dav.header('destination'), dav.request.host);
  const depth = dav.header('depth')?.trim().toLowerCase() ?? 'infinity';
  if (depth !== 'infinity' && (move || depth !== '0')) throw new DavError(400, move ? 'MOVE takes Depth: infinity.' : 'COPY takes Depth: 0 or infinity.');
  const overwriteHeader = dav.header('overwrite')?.trim().toUpperCase() ?? 'T';
  if (overwriteHeader !== 'T' && overwriteHeader !== 'F') throw new DavError(400, 'Overwrite must be T or F.');

  if (destination.segments.length === 0) throw new DavError(403, 'The root cannot be replaced.');
  if (isInside(destination, source.path)) throw new DavError(403, 'A folder cannot be copied or moved into itself.');
  if (isInside(source.path, destination)) throw new DavError(403, 'An item cannot replace a folder that contains it.');
  const parent = await dav.parentFolder(destination);
  const existing = await dav.find(destination);
  if (existing && overwriteHeader === 'F') throw new DavError(412, 'The destination exists and Overwrite is F.');

  const guarded: Guarded[] = [{ nodeId: parent.node.id, descendants: false }];
  if (existing) guarded.push({ nodeId: existing.node.id, descendants: true });
  if (move) guarded.push({ nodeId: source.node.id, descendants: true }, { nodeId: source.node.parentId!, descendants: false });
  await checkConditions(dav, source, guarded);

  const { services, auth } = dav;
  if (existing) {
    await services.davLocks.dropLocksOn(auth, existing.node.id);
    await services.organize.trash(auth, existing.node.id);
  }
  const name = destination.segments.at(-1)!;
  if (move) {
    await services.davLocks.dropLocksOn(auth, source.node.id);
    await services.organize.update(auth, source.node.id, { name, parentId: parent.node.id });
  } else {
    let copy: NodeView;
    if (source.node.type === 'folder' && depth === '0') copy = await services.browse.createFolder(auth, parent.node.id, name);
    else copy = await services.copy.copy(auth, source.node.id, parent.node.id, name, undefined);
    try {
      await services.davProperties.copy(auth, source.node.id, copy.id);
    } catch (err) {
      // A passphrase-protected file keeps no properties; the copy itself stands.
      if (!(err instanceof CofferError && err.code === 'file.passphrase_required')) throw err;
    }
  }
  await dav.reply.code(existing ? 204 : 201).send();
}
