import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { IntegrityError } from '../domain/index.js';

/**
 * The small AES-256-GCM envelope shared by key wraps and sealed names (internal, not exported from index.ts):
 *
 *   version(1) = 0x01 || nonce(12, random) || ciphertext || tag(16)
 *
 * The caller supplies the AAD, which binds the envelope to where it belongs.
 */
export const envelopeVersion = 0x01;
export const envelopeNonceSize = 12;
export const envelopeTagSize = 16;
export const envelopeOverhead = 1 + envelopeNonceSize + envelopeTagSize; // 29

export function sealEnvelope(key: Buffer, plaintext: Uint8Array, aad: Uint8Array, nonce?: Uint8Array): Buffer {
  const n = nonce ?? randomBytes(envelopeNonceSize);
  if (n.length !== envelopeNonceSize) throw new RangeError(`nonce must be ${envelopeNonceSize} bytes`);
  const out = Buffer.allocUnsafe(envelopeOverhead + plaintext.length);
  out[0] = envelopeVersion;
  out.set(n, 1);
  const cipher = createCipheriv('aes-256-gcm', key, n, { authTagLength: envelopeTagSize });
  cipher.setAAD(aad);
  const body = cipher.update(plaintext);
  out.set(body, 1 + envelopeNonceSize);
  cipher.final();
  out.set(cipher.getAuthTag(), 1 + envelopeNonceSize + plaintext.length);
  return out;
}

/** Opens an envelope or throws IntegrityError(what). The error never carries key or plaintext bytes. */
export function openEnvelope(key: Buffer, sealed: Uint8Array, aad: Uint8Array, what: string): Buffer {
  if (!(sealed instanceof Uint8Array) || sealed.length < envelopeOverhead || sealed[0] !== envelopeVersion) {
    throw new IntegrityError(what);
  }
  const nonce = sealed.subarray(1, 1 + envelopeNonceSize);
  const tagStart = sealed.length - envelopeTagSize;
  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: envelopeTagSize });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(tagStart));
  const plaintext = decipher.update(sealed.subarray(1 + envelopeNonceSize, tagStart));
  try {
    decipher.final();
  } catch {
    plaintext.fill(0);
    throw new IntegrityError(what);
  }
  return plaintext;
}
