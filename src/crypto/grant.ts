import { isId } from '../domain/index.js';
import { lengthPrefixed16, utf8 } from './bytes.js';
import { sign, verify } from './keypairs.js';

/**
 * The signed part of a share grant (docs/format.md, "Share grants"):
 *
 *   "coffer/v1/grant" || field(grantId) || field(nodeId) || field(nodeType) || field(ownerId) || field(sharerId)
 *                     || field(recipientId) || field(recipientX25519Public) || field(permission) || field(expiresAt)
 *                     || field(wrappedKey)
 *
 * `expiresAt` is the decimal Unix time in milliseconds, or empty for no expiry. Every field is length-prefixed, so
 * the encoding is injective; the signature is Ed25519 by the sharer over these bytes.
 */
export interface GrantFields {
  readonly grantId: string;
  readonly nodeId: string;
  readonly nodeType: 'file' | 'folder';
  readonly ownerId: string;
  readonly sharerId: string;
  readonly recipientId: string;
  readonly recipientPublicKey: Uint8Array;
  readonly permission: 'read' | 'write';
  readonly expiresAt: number | null;
  readonly wrappedKey: Uint8Array;
}

export const grantLabel = 'coffer/v1/grant';

export function grantMessage(grant: GrantFields): Buffer {
  for (const id of [grant.grantId, grant.nodeId, grant.ownerId, grant.sharerId, grant.recipientId]) {
    if (!isId(id)) throw new TypeError('grant ids must be Coffer ids');
  }
  if (grant.expiresAt !== null && !Number.isSafeInteger(grant.expiresAt)) throw new TypeError('grant expiry must be an integer');
  const field = (value: string | Uint8Array, what: string): Buffer => lengthPrefixed16(typeof value === 'string' ? utf8(value, what) : value, what);
  return Buffer.concat([
    Buffer.from(grantLabel, 'latin1'),
    field(grant.grantId, 'grantId'),
    field(grant.nodeId, 'nodeId'),
    field(grant.nodeType, 'nodeType'),
    field(grant.ownerId, 'ownerId'),
    field(grant.sharerId, 'sharerId'),
    field(grant.recipientId, 'recipientId'),
    field(grant.recipientPublicKey, 'recipientPublicKey'),
    field(grant.permission, 'permission'),
    field(grant.expiresAt === null ? '' : String(grant.expiresAt), 'expiresAt'),
    field(grant.wrappedKey, 'wrappedKey'),
  ]);
}

export function signGrant(ed25519Seed: Uint8Array, grant: GrantFields): Buffer {
  return sign(ed25519Seed, grantMessage(grant));
}

/** False for any altered field, a signature by another key or a malformed signature. */
export function verifyGrant(ed25519Public: Uint8Array, grant: GrantFields, signature: Uint8Array): boolean {
  return verify(ed25519Public, grantMessage(grant), signature);
}
