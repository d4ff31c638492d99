import { createHmac } from 'node:crypto';
import { labelBytes, requireBytes } from './bytes.js';

/**
 * HKDF (RFC 5869) over HMAC-SHA-256 or HMAC-SHA-512.
 * Cobblestone needs HKDF-Expand on its own (the input key is used directly as the PRK), which node:crypto's hkdfSync
 * does not offer, so both steps are written out here.
 */
export type HkdfHash = 'sha256' | 'sha512';

const hashLength: Record<HkdfHash, number> = { sha256: 32, sha512: 64 };

function lengthOf(hash: HkdfHash): number {
  const n = hashLength[hash];
  if (n === undefined) throw new TypeError('hkdf: hash must be "sha256" or "sha512"');
  return n;
}

/** HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM). An empty salt means HashLen zero bytes (same HMAC result). */
export function hkdfExtract(hash: HkdfHash, salt: Uint8Array, ikm: Uint8Array): Buffer {
  const len = lengthOf(hash);
  requireBytes(salt, 'hkdf salt');
  requireBytes(ikm, 'hkdf ikm');
  const key = salt.length === 0 ? Buffer.alloc(len) : salt;
  return createHmac(hash, key).update(ikm).digest();
}

/** HKDF-Expand(PRK, info, L). Throws RangeError when L > 255 * HashLen. */
export function hkdfExpand(hash: HkdfHash, prk: Uint8Array, info: Uint8Array, length: number): Buffer {
  const len = lengthOf(hash);
  requireBytes(prk, 'hkdf prk');
  requireBytes(info, 'hkdf info');
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError('hkdf: output length must be a non-negative integer');
  if (length > 255 * len) throw new RangeError(`hkdf: output length must be at most ${255 * len} bytes`);
  const out = Buffer.allocUnsafe(length);
  const counter = Buffer.alloc(1);
  let previous: Buffer = Buffer.alloc(0);
  for (let offset = 0, i = 1; offset < length; i++) {
    counter[0] = i;
    previous = createHmac(hash, prk).update(previous).update(info).update(counter).digest();
    offset += previous.copy(out, offset);
  }
  return out;
}

/**
 * A 32-byte (by default) subkey for one purpose: HKDF-SHA-256 with an empty salt, IKM = key, info = the ASCII label.
 * Labels are `coffer/v1/...` strings (docs/format.md lists every one).
 */
export function deriveSubkey(key: Uint8Array, label: string, length = 32): Buffer {
  requireBytes(key, 'key');
  if (key.length < 16) throw new RangeError('deriveSubkey: key must be at least 16 bytes');
  const info = labelBytes(label);
  return hkdfExpand('sha256', hkdfExtract('sha256', Buffer.alloc(0), key), info, length);
}
