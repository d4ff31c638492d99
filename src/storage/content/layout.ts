import { chunkSize, tagSize } from '../../crypto/index.js';

/**
 * Where each Cobblestone chunk of a version lives. A version's ciphertext (without its 56-byte header,
 * which the database keeps) is cut into storage objects of `chunksPerObject` sealed chunks each.
 * Everything here is derived from the plaintext size, so a stored object list that disagrees with it
 * is itself evidence of tampering.
 */
export const chunksPerObject = 256;
export const sealedChunkBytes = chunkSize + tagSize;
export const fullObjectBytes = chunksPerObject * sealedChunkBytes;

export function chunkCount(plaintextSize: number): number {
  // The final chunk is always shorter than a full chunk and may be empty (c2sp.org/chunked-encryption).
  return Math.floor(plaintextSize / chunkSize) + 1;
}

export function objectCount(plaintextSize: number): number {
  return Math.ceil(chunkCount(plaintextSize) / chunksPerObject);
}

export function sealedChunkSize(plaintextSize: number, chunkIndex: number): number {
  return plaintextChunkSize(plaintextSize, chunkIndex) + tagSize;
}

export function plaintextChunkSize(plaintextSize: number, chunkIndex: number): number {
  return chunkIndex === chunkCount(plaintextSize) - 1 ? plaintextSize % chunkSize : chunkSize;
}

export function expectedObjectSize(plaintextSize: number, objectIndex: number): number {
  const total = chunkCount(plaintextSize);
  const first = objectIndex * chunksPerObject;
  const last = Math.min(first + chunksPerObject, total) - 1;
  if (first > last) return 0;
  return (last - first) * sealedChunkBytes + sealedChunkSize(plaintextSize, last);
}

export function storedSize(plaintextSize: number): number {
  return chunkCount(plaintextSize) * tagSize + plaintextSize;
}
