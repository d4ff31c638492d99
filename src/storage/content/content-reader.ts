import { IntegrityError } from '../../domain/index.js';
import { chunkSize, merkleRoot, type ChunkKeys } from '../../crypto/index.js';
import type { ContentCryptoPool } from './crypto-pool.js';
import { BlobNotFoundError, type BlobStore } from '../blob-store.js';
import { chunkCount, chunksPerObject, expectedObjectSize, objectCount, plaintextChunkSize, sealedChunkBytes } from './layout.js';
import type { StoredObject } from './content-writer.js';
import { sameStart } from './buffer-pool.js';

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

/** Reads smaller than this allocate; larger ones borrow recycled object-sized buffers. */
const pooledReadBytes = 256 * 1024;

interface LoadedObject {
  readonly plaintext: Buffer;
  readonly from: number;
}

/**
 * Yields the verified plaintext of `range`, fetching only the objects (or parts of objects) it needs.
 * Every chunk is authenticated (AES-GCM) before any of its bytes is released. Up to `readAhead` objects are fetched and
 * opened ahead of the consumer, so disk, network and both cores stay busy: four hide the latency of reading objects
 * straight from disk (the local store's direct I/O), and cost a 4 MiB buffer each.
 *
 * Each yielded buffer is lent: it stays valid until the consumer asks for the next one (or stops),
 * after which it is recycled. A consumer that keeps bytes longer must copy them.
 */
export async function* readContent(
  store: BlobStore,
  keys: ChunkKeys,
  pool: ContentCryptoPool,
  content: StoredContent,
  range: PlaintextRange,
  readAhead = 4,
): AsyncGenerator<Buffer> {
  checkContentLayout(content);
  const firstChunk = Math.floor(range.start / chunkSize);
  const lastChunk = Math.min(Math.floor(range.end / chunkSize), chunkCount(content.size) - 1);
  if (range.end < range.start) return;
  const firstObject = Math.floor(firstChunk / chunksPerObject);
  const lastObject = Math.floor(lastChunk / chunksPerObject);

  const load = async (objectIndex: number): Promise<LoadedObject> => {
    const from = Math.max(firstChunk, objectIndex * chunksPerObject);
    const to = Math.min(lastChunk, objectIndex * chunksPerObject + chunksPerObject - 1);
    const chunkLengths = Array.from({ length: to - from + 1 }, (_, i) => plaintextChunkSize(content.size, from + i));
    const large = chunkLengths.reduce((sum, n) => sum + n, 0) >= pooledReadBytes;
    // No SHA-256 of the object here: every chunk is authenticated by AES-GCM under a key bound to this file
    // and version and a nonce bound to the chunk's position, which already rejects any altered, swapped,
    // moved or reordered byte. Object hashes are what a scrubber or auditor without keys checks.
    // A store with several copies gets asked again when a copy fails that check (BlobStore.get's `attempt`).
    const attempts = store.readAttempts ?? 1;
    for (let attempt = 0; ; attempt++) {
      // One pooled buffer per object: the sealed bytes are read into it and opened in place (object-codec.ts). It goes
      // back on every path but success, where the consumer releases it: the pool keeps a fixed number (buffer-pool.ts).
      const into = large ? pool.objectBuffers.acquire() : undefined;
      let opened: Awaited<ReturnType<ContentCryptoPool['open']>> | undefined;
      try {
        const bytes = await fetchChunks(store, content, objectIndex, from, to, into, attempt);
        const job = { aeadKey: keys.aeadKey, baseNonce: keys.baseNonce, firstChunk: from, chunkLengths, sealed: bytes };
        opened = await pool.open(job, into && sameStart(bytes, into) ? into : undefined);
        return { plaintext: opened.plaintext, from };
      } catch (err) {
        if (!(err instanceof IntegrityError) || attempt + 1 >= attempts) throw err;
      } finally {
        if (into && !(opened && sameStart(opened.plaintext, into))) pool.objectBuffers.release(into);
      }
    }
  };

  const queue: Promise<LoadedObject>[] = [];
  let next = firstObject;
  const fill = (): void => {
    while (queue.length < readAhead && next <= lastObject) {
      const loading = load(next++);
      // A failed read-ahead must not become an unhandled rejection if the consumer stops early.
      loading.catch(() => undefined);
      queue.push(loading);
    }
  };
  let lent: Buffer | undefined;
  try {
    fill();
    while (queue.length > 0) {
      const { plaintext, from } = await (queue.shift() as Promise<LoadedObject>);
      lent = plaintext;
      fill();
      const objectStart = from * chunkSize;
      const sliceStart = Math.max(0, range.start - objectStart);
      const sliceEnd = Math.min(plaintext.length, range.end - objectStart + 1);
      if (sliceEnd > sliceStart) yield plaintext.subarray(sliceStart, sliceEnd);
      // The consumer asked for more: it is done with the previous buffer.
      pool.objectBuffers.release(plaintext);
      lent = undefined;
    }
  } finally {
    if (lent) pool.objectBuffers.release(lent);
    // Objects still loading when the consumer stopped or failed: recycle what they hold once they settle.
    for (const settled of await Promise.allSettled(queue)) {
      if (settled.status === 'fulfilled') pool.objectBuffers.release(settled.value.plaintext);
    }
  }
}

async function fetchChunks(
  store: BlobStore,
  content: StoredContent,
  objectIndex: number,
  from: number,
  to: number,
  into: Buffer | undefined,
  attempt: number,
): Promise<Buffer> {
  const object = content.objects[objectIndex];
  if (!object) throw new IntegrityError(`object ${objectIndex} is missing from the version`);
  const firstInObject = objectIndex * chunksPerObject;
  const offset = (from - firstInObject) * sealedChunkBytes;
  const length = Math.min(object.size, (to - firstInObject + 1) * sealedChunkBytes) - offset;
  let bytes: Buffer;
  try {
    const range = offset === 0 && length === object.size ? undefined : { offset, length };
    bytes = await store.get(object.key, range, into, attempt === 0 ? undefined : { attempt });
  } catch (err) {
    if (err instanceof BlobNotFoundError) throw new IntegrityError(`object ${objectIndex} is missing from storage`);
    throw err;
  }
  if (bytes.length !== length) throw new IntegrityError(`object ${objectIndex} has the wrong size`);
  return bytes;
}
