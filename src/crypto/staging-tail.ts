import { lengthPrefixed16, requireBytes, requireLength, utf8 } from './bytes.js';
import { openEnvelope, sealEnvelope } from './envelope.js';
import { hkdfExpand, hkdfExtract } from './hkdf.js';

/**
 * The plaintext tail of a resumable upload: the bytes after the last full 16 KiB chunk, which Cobblestone
 * cannot seal yet (whether that chunk ends the file is unknown until more data arrives). It is kept as an
 * AES-256-GCM envelope (docs/format.md, "Resumable upload staging"):
 *
 *   key = HKDF-SHA-256(IKM = data key, salt = version salt, info = "coffer/v1/upload-tail")
 *   AAD = "coffer/v1/upload-tail" || u16be(len) || uploadId || u64be(offset of the tail's first byte)
 *
 * The salt is fresh for every upload, so no two uploads share a tail key; the offset in the AAD stops an
 * old tail from being replayed at another position.
 */
const tailLabel = 'coffer/v1/upload-tail';
export const maxTailBytes = 16 * 1024;

function tailKey(dataKey: Uint8Array, salt: Uint8Array): Buffer {
  requireLength(dataKey, 32, 'data key');
  requireBytes(salt, 'salt');
  return hkdfExpand('sha256', hkdfExtract('sha256', salt, dataKey), Buffer.from(tailLabel, 'latin1'), 32);
}

function tailAad(uploadId: string, offset: number): Buffer {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError('tail offset must be a non-negative integer');
  const position = Buffer.alloc(8);
  position.writeBigUInt64BE(BigInt(offset));
  return Buffer.concat([Buffer.from(tailLabel, 'latin1'), lengthPrefixed16(utf8(uploadId, 'uploadId'), 'uploadId'), position]);
}

export function sealUploadTail(dataKey: Uint8Array, salt: Uint8Array, uploadId: string, offset: number, tail: Uint8Array): Buffer {
  if (tail.length >= maxTailBytes) throw new RangeError('an upload tail is shorter than one chunk');
  const key = tailKey(dataKey, salt);
  try {
    return sealEnvelope(key, tail, tailAad(uploadId, offset));
  } finally {
    key.fill(0);
  }
}

/** Throws IntegrityError('upload tail') for a wrong key, upload or offset, or damaged bytes. */
export function openUploadTail(dataKey: Uint8Array, salt: Uint8Array, uploadId: string, offset: number, sealed: Uint8Array): Buffer {
  const key = tailKey(dataKey, salt);
  try {
    return openEnvelope(key, sealed, tailAad(uploadId, offset), 'upload tail');
  } finally {
    key.fill(0);
  }
}
