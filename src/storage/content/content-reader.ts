import { createHash } from 'node:crypto';
import { IntegrityError } from '../../domain/index.js';
import { chunkSize, merkleRoot, openChunk, type ChunkKeys } from '../../crypto/index.js';
import { BlobNotFoundError, type BlobStore } from '../blob-store.js';
import {
  chunkCount,
  chunksPerObject,
  expectedObjectSize,
  objectCount,
  plaintextChunkSize,
  sealedChunkBytes,
} from './layout.js';
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
  if (!root.equals(content.merkleRoot)) throw new IntegrityError('object list does not match the version\'s Merkle root');
}

/**
 * Yields the verified plaintext of `range`, fetching only the objects (or parts of objects) it needs.
 * Whole objects are checked against their SHA-256 name as well as chunk by chunk; every chunk is
 * authenticated before any of its bytes is released. The next object is fetched while the current
 * one is decrypted.
 */
export async function* readContent(
  store: BlobStore,
  keys: ChunkKeys,
  content: StoredContent,
  range: PlaintextRange,
): AsyncGenerator<Buffer> {
  checkContentLayout(content);
  const firstChunk = Math.floor(range.start / chunkSize);
  const lastChunk = Math.min(Math.floor(range.end / chunkSize), chunkCount(content.size) - 1);
  const firstObject = Math.floor(firstChunk / chunksPerObject);
  const lastObject = Math.floor(lastChunk / chunksPerObject);

  const fetchObject = (objectIndex: number): Promise<Buffer> => {
    const from = Math.max(firstChunk, objectIndex * chunksPerObject);
    const to = Math.min(lastChunk, objectIndex * chunksPerObject + chunksPerObject - 1);
    return fetchChunks(store, content, objectIndex, from, to);
  };

  let pending = fetchObject(firstObject);
  // A rejected prefetch must not surface as an unhandled rejection if the consumer stops early.
  pending.catch(() => undefined);
  for (let objectIndex = firstObject; objectIndex <= lastObject; objectIndex++) {
    const bytes = await pending;
    if (objectIndex < lastObject) {
      pending = fetchObject(objectIndex + 1);
      pending.catch(() => undefined);
    }
    const from = Math.max(firstChunk, objectIndex * chunksPerObject);
    const to = Math.min(lastChunk, objectIndex * chunksPerObject + chunksPerObject - 1);
    // One buffer per object: handing the stream 16 KiB pieces costs more than decrypting them.
    const plaintext = Buffer.allocUnsafe((to - from + 1) * chunkSize);
    let filled = 0;
    for (let chunk = from; chunk <= to; chunk++) {
      const offset = (chunk - from) * sealedChunkBytes;
      const expected = plaintextChunkSize(content.size, chunk);
      const opened = openChunk(keys, chunk, bytes.subarray(offset, offset + expected + (sealedChunkBytes - chunkSize)));
      if (opened.length !== expected) throw new IntegrityError(`chunk ${chunk} has the wrong length`);
      opened.copy(plaintext, filled);
      filled += opened.length;
    }
    const objectStart = from * chunkSize;
    const sliceStart = Math.max(0, range.start - objectStart);
    const sliceEnd = Math.min(filled, range.end - objectStart + 1);
    if (sliceEnd > sliceStart) yield plaintext.subarray(sliceStart, sliceEnd);
  }
}

async function fetchChunks(store: BlobStore, content: StoredContent, objectIndex: number, from: number, to: number): Promise<Buffer> {
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
  if (whole && createHash('sha256').update(bytes).digest('hex') !== object.key) {
    throw new IntegrityError(`object ${objectIndex} does not match its hash`);
  }
  return bytes;
}
