import { decryptMessage, encryptMessage } from '../../crypto/index.js';
import type { NodeRow } from '../../db/index.js';
import type { KeyChain } from '../files/index.js';

const utf8 = new TextEncoder();

/**
 * WebDAV keeps user text beside a node (dead property values, lock owners). It is sealed with Cobblestone
 * under the node's own key (folder key, or a file's data key), with a context naming the purpose and the
 * node, so it moves with the node and is readable only by whoever can open the node itself.
 * A passphrase-protected file's key is out of reach without its passphrase: `undefined` then.
 */
export async function nodeSecretKey(chain: KeyChain, node: NodeRow): Promise<Buffer | undefined> {
  if (node.kind === 'folder') return chain.folderKey(node);
  if (node.key_protection === 'passphrase') return undefined;
  return chain.fileKey(node, undefined);
}

function context(purpose: 'properties' | 'lock-owner', nodeId: string): Uint8Array {
  return utf8.encode(`coffer/v1/dav-${purpose}/${nodeId}`);
}

export function sealNodeText(key: Buffer, purpose: 'properties' | 'lock-owner', nodeId: string, text: string): Buffer {
  return encryptMessage(key, context(purpose, nodeId), utf8.encode(text));
}

export function openNodeText(key: Buffer, purpose: 'properties' | 'lock-owner', nodeId: string, sealed: Buffer): string {
  return decryptMessage(key, context(purpose, nodeId), sealed).toString('utf8');
}
