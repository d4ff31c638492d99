import { createHash } from 'node:crypto';
import type { MacStep } from './mac-streams.js';
import { IntegrityError } from '../../domain/index.js';
import { chunkSize, openChunk, sealChunkInto, sealedChunkSize, tagSize, type ChunkKeys } from '../../crypto/index.js';

/**
 * Seals and opens whole storage objects (runs of chunks). Pure functions over plain data, so the
 * same code runs inline or in a worker thread (crypto-pool.ts).
 */
export interface SealObjectJob {
  readonly aeadKey: Uint8Array;
  readonly baseNonce: Uint8Array;
  /** Index of the object's first chunk within the version. */
  readonly firstChunk: number;
  readonly plaintext: Uint8Array;
  /** True for the version's last object: its last chunk is the short final chunk (maybe empty). */
  readonly endsMessage: boolean;
  /** Feed the plaintext to the upload's plaintext commitment first (mac-streams.ts). */
  readonly mac?: MacStep | undefined;
}

export interface SealedObject {
  readonly bytes: Buffer;
  /** Lowercase hex SHA-256 of `bytes`: the object's name in every BlobStore. */
  readonly key: string;
}

export interface OpenObjectJob {
  readonly aeadKey: Uint8Array;
  readonly baseNonce: Uint8Array;
  readonly firstChunk: number;
  /** Plaintext length of each chunk in `sealed`, derived from the version size, never from the data. */
  readonly chunkLengths: readonly number[];
  readonly sealed: Uint8Array;
  /** Set when `sealed` is a whole object: its SHA-256 must match before anything is opened. */
  readonly expectedKey?: string | undefined;
}

/** Size of the sealed object for a plaintext run: one tag per chunk, plus the final chunk if the run ends the message. */
export function sealedObjectSize(plaintextLength: number, endsMessage: boolean): number {
  const fullChunks = Math.floor(plaintextLength / chunkSize);
  return plaintextLength + (endsMessage ? fullChunks + 1 : fullChunks) * tagSize;
}

/**
 * Seals into `target` when given (it must be exactly `sealedObjectSize` bytes), else into a new buffer. `target` may
 * start at the plaintext's own first byte: the object is then sealed in place.
 */
export function sealObject(job: SealObjectJob, target?: Buffer): SealedObject {
  const keys = toKeys(job);
  const { plaintext } = job;
  const fullChunks = Math.floor(plaintext.length / chunkSize);
  if (!job.endsMessage && plaintext.length !== fullChunks * chunkSize) throw new RangeError('only the last object may end in a partial chunk');
  const chunkTotal = job.endsMessage ? fullChunks + 1 : fullChunks;
  const bytes = target ?? Buffer.allocUnsafeSlow(sealedObjectSize(plaintext.length, job.endsMessage));
  if (bytes.length !== sealedObjectSize(plaintext.length, job.endsMessage)) throw new RangeError('the output buffer has the wrong size');
  // Last chunk first: sealed chunk i lands at or after plaintext chunk i's offset, so in that order every chunk is read
  // before anything is written over it, and `target` may be the very memory that holds the plaintext (sealing in
  // place halves the memory a transfer needs).
  for (let i = chunkTotal - 1; i >= 0; i--) {
    sealChunkInto(keys, job.firstChunk + i, plaintext.subarray(i * chunkSize, Math.min(plaintext.length, (i + 1) * chunkSize)), bytes, i * sealedChunkSize);
  }
  return { bytes, key: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Opens into `out` when given (it must hold exactly the plaintext), else into a new buffer. `out` may start at the sealed
 * bytes' own first byte: chunks are opened first to last, each is read whole before its plaintext is written, and
 * plaintext chunk i lands at or before sealed chunk i's offset, so nothing unread is overwritten (a download thus
 * needs one buffer per object).
 */
export function openObject(job: OpenObjectJob, out?: Buffer): Buffer {
  if (job.expectedKey !== undefined && createHash('sha256').update(job.sealed).digest('hex') !== job.expectedKey) {
    throw new IntegrityError('a storage object does not match its hash');
  }
  const keys = toKeys(job);
  const total = job.chunkLengths.reduce((sum, n) => sum + n, 0);
  if (job.sealed.length !== total + job.chunkLengths.length * tagSize) throw new IntegrityError('a storage object has the wrong size');
  const plaintext = out ?? Buffer.allocUnsafeSlow(total);
  if (plaintext.length !== total) throw new RangeError('the output buffer has the wrong size');
  let read = 0;
  let written = 0;
  job.chunkLengths.forEach((length, i) => {
    const opened = openChunk(keys, job.firstChunk + i, job.sealed.subarray(read, read + length + tagSize));
    if (opened.length !== length) throw new IntegrityError(`chunk ${job.firstChunk + i} has the wrong length`);
    opened.copy(plaintext, written);
    read += length + tagSize;
    written += length;
  });
  return plaintext;
}

function toKeys(job: { aeadKey: Uint8Array; baseNonce: Uint8Array }): ChunkKeys {
  return { aeadKey: Buffer.from(job.aeadKey), baseNonce: Buffer.from(job.baseNonce), commitment: Buffer.alloc(32) };
}
