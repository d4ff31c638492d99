/**
 * A BlobStore keeps immutable, content-addressed objects (key = lowercase hex SHA-256 of the bytes).
 * Features only ever see this interface; the composition root picks the backend (local folder today,
 * S3 and replicated sets later), so adding a backend never touches feature code.
 *
 * Contract (tested for every backend by blob-store.contract.ts):
 * - `put` resolves only once the object is durable; a reader never observes a partial object.
 *   Putting an existing key again is allowed and leaves one object. The caller must leave `data` untouched until
 *   `put` resolves, or until the store calls `PutOptions.dataReleased`, which a store may call earlier once it holds
 *   the bytes elsewhere (the local store: once they are in the kernel's page cache, before the fsyncs).
 * - `get` returns exactly the stored bytes, or the requested range of them; it throws `BlobNotFoundError`
 *   for a missing key. Single backends do not verify content: callers do (they know the expected hash, or
 *   authenticate every chunk). A replicated store verifies whole-object reads against the key and falls back
 *   to another copy; a range cannot be hashed, so a caller whose check of a range failed asks again with
 *   `{ attempt: n + 1 }` (up to `readAttempts` tries), which a replicated store serves from another copy
 *   and takes as a report that the earlier copies need checking. Single backends ignore `attempt`.
 *   Given an `into` buffer large enough for the result, `get` reads into it and returns a view of it
 *   (so transfers can recycle their buffers); otherwise it allocates.
 * - `delete` of a missing key succeeds.
 * - `list` yields every stored key once, in no particular order.
 */
export interface BlobStore {
  /** A short label for health reports and logs, e.g. "local:/srv/coffer/blobs". */
  readonly description: string;
  /** Independent copies a caller may ask for with `ReadOptions.attempt`; absent means 1. */
  readonly readAttempts?: number;
  put(key: string, data: Uint8Array, options?: PutOptions): Promise<void>;
  get(key: string, range?: ByteRange, into?: Buffer, options?: ReadOptions): Promise<Buffer>;
  stat(key: string): Promise<BlobInfo | undefined>;
  delete(key: string): Promise<void>;
  list(): AsyncIterable<BlobInfo>;
  /**
   * Backends that stage writes (temp file, then rename) remove what crashed puts left behind, if older
   * than `olderThanMs`; returns how many. Garbage collection calls it with its grace period.
   */
  cleanStaleTempFiles?(olderThanMs: number): Promise<number>;
}

export interface PutOptions {
  /**
   * Called at most once, when the store no longer reads `data`, possibly well before the object is durable: a
   * writer can then reuse the buffer while the fsyncs run. Stores that never call it hold `data` until put resolves.
   */
  readonly dataReleased?: () => void;
}

export interface ReadOptions {
  /** 0 for a first read; n after n reads of this key whose bytes failed the caller's check. */
  readonly attempt?: number;
}

export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

export interface BlobInfo {
  readonly key: string;
  readonly size: number;
  /** When the object was last written (Unix ms): garbage collection spares young objects. */
  readonly modifiedAt: number;
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No stored object ${key}`);
    this.name = 'BlobNotFoundError';
  }
}

export const blobKeyPattern = /^[0-9a-f]{64}$/;

export function assertBlobKey(key: string): void {
  if (!blobKeyPattern.test(key)) throw new TypeError('A blob key is 64 lowercase hex characters');
}

/** Offsets and lengths are whole, non-negative numbers; a RangeError says which were not. */
export function assertByteRange(range: ByteRange): void {
  const valid = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if (!valid(range.offset) || !valid(range.length)) {
    throw new RangeError(`A byte range needs a whole, non-negative offset and length (got ${range.offset}, ${range.length})`);
  }
}
