import { deriveSubkey, openName, sealName } from '../../crypto/index.js';

/**
 * The name of a shared file or folder travels with its grant or link, sealed under a subkey of the node key and
 * bound to the node and the grant or link id (docs/format.md, "Shared names"): the recipient has no key to the
 * owner's parent folder, where the name is normally sealed.
 */
export const sharedNameLabel = 'coffer/v1/shared-name';

export function sealSharedName(nodeKey: Buffer, name: string, nodeId: string, holderId: string): Buffer {
  return sealName(deriveSubkey(nodeKey, sharedNameLabel), name, nodeId, holderId);
}

export function openSharedName(nodeKey: Buffer, sealed: Buffer, nodeId: string, holderId: string): string {
  return openName(deriveSubkey(nodeKey, sharedNameLabel), sealed, nodeId, holderId);
}
