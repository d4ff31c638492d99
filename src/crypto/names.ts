import { createHmac } from 'node:crypto';
import { isId } from '../domain/index.js';
import { lengthPrefixed16, requireLength, utf8 } from './bytes.js';
import { openEnvelope, sealEnvelope } from './envelope.js';
import { deriveSubkey } from './hkdf.js';

/**
 * Subkeys derived from a folder key, remembered per key object: listing a folder opens every child's
 * name under one folder key, and an HKDF derivation per name was half the cost of a large listing.
 * They live as long as the folder key object itself (which is not wiped either: a JS heap gives no
 * guarantee a wipe reaches every copy); keys are never mutated in place, and a WeakMap keeps nothing alive.
 */
const subkeyCache = new WeakMap<Uint8Array, Map<string, Buffer>>();

function folderSubkey(folderKey: Uint8Array, label: string): Buffer {
  let derived = subkeyCache.get(folderKey);
  if (!derived) {
    derived = new Map();
    subkeyCache.set(folderKey, derived);
  }
  let key = derived.get(label);
  if (!key) {
    key = deriveSubkey(folderKey, label);
    derived.set(label, key);
  }
  return key;
}

/**
 * File and folder names, encrypted under the parent folder's key and bound to the node and its parent:
 *
 *   sealed = 0x01 || nonce(12) || AES-256-GCM(deriveSubkey(folderKey, 'coffer/v1/name'), name UTF-8) || tag(16)
 *   AAD    = "coffer/v1/name" || u16be(len) || nodeId || u16be(len) || parentId     (ids as ASCII bytes)
 *
 * The lookup hash lets the server enforce "one name per folder" without learning names:
 *   HMAC-SHA-256(deriveSubkey(folderKey, 'coffer/v1/name-hash'), UTF-8(NFC(name)))
 */
export const nameLabel = 'coffer/v1/name';
export const nameHashLabel = 'coffer/v1/name-hash';

function checkIds(nodeId: string, parentId: string): void {
  if (!isId(nodeId)) throw new TypeError('nodeId must be a 26-character lowercase Crockford base32 id');
  if (parentId !== '' && !isId(parentId)) throw new TypeError('parentId must be an id, or "" for a node without a parent');
}

/** The AAD of a sealed name (exported for vector tests; not part of index.ts). */
export function nameAad(nodeId: string, parentId: string): Buffer {
  checkIds(nodeId, parentId);
  return Buffer.concat([
    Buffer.from(nameLabel, 'latin1'),
    lengthPrefixed16(Buffer.from(nodeId, 'latin1'), 'nodeId'),
    lengthPrefixed16(Buffer.from(parentId, 'latin1'), 'parentId'),
  ]);
}

/** Hazmat for deterministic test vectors only: sealName with an injected nonce. Never use a nonce twice. */
export function sealNameWithNonceForTest(folderKey: Uint8Array, name: string, nodeId: string, parentId: string, nonce: Uint8Array | undefined): Buffer {
  requireLength(folderKey, 32, 'folder key');
  const plaintext = utf8(name, 'name');
  const aad = nameAad(nodeId, parentId);
  return sealEnvelope(folderSubkey(folderKey, nameLabel), plaintext, aad, nonce);
}

/** Seals `name` exactly as given (normalize it first: domain/names.ts normalizeName). */
export function sealName(folderKey: Uint8Array, name: string, nodeId: string, parentId: string): Buffer {
  return sealNameWithNonceForTest(folderKey, name, nodeId, parentId, undefined);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Opens a sealed name; throws IntegrityError('name') unless it was sealed for exactly this node and parent. */
export function openName(folderKey: Uint8Array, sealed: Uint8Array, nodeId: string, parentId: string): string {
  requireLength(folderKey, 32, 'folder key');
  const aad = nameAad(nodeId, parentId);
  return strictUtf8.decode(openEnvelope(folderSubkey(folderKey, nameLabel), sealed, aad, 'name'));
}

/**
 * Keyed hash of a name for uniqueness checks within one folder. The name is NFC-normalized here as well (idempotent),
 * so equal NFC names always hash equal. Case is significant.
 */
export function nameLookupHash(folderKey: Uint8Array, normalizedName: string): Buffer {
  requireLength(folderKey, 32, 'folder key');
  const name = utf8(normalizedName.normalize('NFC'), 'name');
  return createHmac('sha256', folderSubkey(folderKey, nameHashLabel)).update(name).digest();
}
