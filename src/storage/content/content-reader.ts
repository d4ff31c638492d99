import { IntegrityError } from '../../domain/index.js';
import { chunkSize, merkleRoot, type ChunkKeys } from '../../crypto/index.js';
import type { ContentCryptoPool } from './crypto-pool.js';
import { releaseTransientMemory } from './transient-memory.js';
import { BlobNotFoundError, type BlobStore } from '../blob-store.js';
import { chunkCount, chunksPerObject, expectedObjectSize, objectCount, plaintextChunkSize, sealedChunkBytes } from './layout.js';
import type { StoredObject } from './content-writer.js';

export interface StoredContent {
  readonly size: number;
  readonly objects: readonly StoredObject[];
  readonly merkleRoot: Buffer;
}

/** Inclusive byte range of plaintext. */
export interface PlaintextRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Checks what can be checked without reading objects: the object list matches the size and the
 * recorded Merkle root. Catches a database edit of either before any byte is fetched.
 */
export function checkContentLayout(content: StoredContent): void {
  if (content.objects.length !== objectCount(content.size)) throw new IntegrityError('object count does not match the file size');
  content.objects.forEach((object, index) => {
    if (object.size !== expectedObjectSize(content.size, index)) throw new IntegrityError(`object ${index} has the wrong size`);
  });
  const root = merkleRoot(content.objects.map((o) => Buffer.from(o.key, 'hex')));
  if (!root.equals(content.merkleRoot)) throw new IntegrityError("object list does not match the version's Merkle root");
}

/**
 * Yields the verified plaintext of `range`, fetching only the objects (or parts of objects) it needs.
 * Whole objects are checked against their SHA-256 name as well as chunk by chunk; every chunk is
 * authenticated before any of its bytes is released. Up to `readAhead` objects are fetched and
 * opened ahead of the consumer, so disk, network and both cores stay busy.
 */
export async function* readContent(
  store: BlobStore,
  keys: ChunkKeys,
  pool: ContentCryptoPool,
  content: StoredContent,
  range: PlaintextRange,
  readAhead = 2,
): AsyncGenerator<Buffer> {
  checkContentLayout(content);
  const firstChunk = Math.floor(range.start / chunkSize);
  const lastChunk = Math.min(Math.floor(range.end / chunkSize), chunkCount(content.size) - 1);
  if (range.end < range.start) return;
  const firstObject = Math.floor(firstChunk / chunksPerObject);
  const lastObject = Math.floor(lastChunk / chunksPerObject);

  const load = async (objectIndex: number): Promise<{ plaintext: Buffer; from: number }> => {
    const from = Math.max(firstChunk, objectIndex * chunksPerObject);
    const to = Math.min(lastChunk, objectIndex * chunksPerObject + chunksPerObject - 1);
    const { bytes, whole, key } = await fetchChunks(store, content, objectIndex, from, to);
    const chunkLengths = Array.from({ length: to - from + 1 }, (_, i) => plaintextChunkSize(content.size, from + i));
    const plaintext = await pool.open({
      aeadKey: keys.aeadKey,
      baseNonce: keys.baseNonce,
      firstChunk: from,
      chunkLengths,
      sealed: bytes,
      expectedKey: whole ? key : undefined,
    });
    return { plaintext, from };
  };

  const queue: Promise<{ plaintext: Buffer; from: number }>[] = [];
  let next = firstObject;
  const fill = (): void => {
    while (queue.length < readAhead && next <= lastObject) {
      const loading = load(next++);
      // A failed read-ahead must not become an unhandled rejection if the consumer stops early.
      loading.catch(() => undefined);
      queue.push(loading);
    }
  };
  fill();
  while (queue.length > 0) {
    const { plaintext, from } = await (queue.shift() as Promise<{ plaintext: Buffer; from: number }>);
    releaseTransientMemory();
    fill();
    const objectStart = from * chunkSize;
    const sliceStart = Math.max(0, range.start - objectStart);
    const sliceEnd = Math.min(plaintext.length, range.end - objectStart + 1);
    if (sliceEnd > sliceStart) yield plaintext.subarray(sliceStart, sliceEnd);
  }
}

async function fetchChunks(
  store: BlobStore,
  content: StoredContent,
  objectIndex: number,
  from: number,
  to: number,
): Promise<{ bytes: Buffer; whole: boolean; key: string }> {
  const object = content.objects[objectIndex];
  if (!object) throw new IntegrityError(`object ${objectIndex} is missing from the version`);
  const firstInObject = objectIndex * chunksPerObject;
  const offset = (from - firstInObject) * sealedChunkBytes;
  const length = Math.min(object.size, (to - firstInObject + 1) * sealedChunkBytes) - offset;
  const whole = offset === 0 && length === object.size;
  let bytes: Buffer;
  try {
    bytes = whole ? await store.get(object.key) : await store.get(object.key, { offset, length });
  } catch (err) {
    if (err instanceof BlobNotFoundError) throw new IntegrityError(`object ${objectIndex} is missing from storage`);
    throw err;
  }
  if (bytes.length !== length) throw new IntegrityError(`object ${objectIndex} has the wrong size`);
  return { bytes, whole, key: object.key };
}
