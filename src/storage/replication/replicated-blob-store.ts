import { IntegrityError } from '../../domain/index.js';
import { sha256 } from '../../crypto/index.js';
import { BlobNotFoundError, assertBlobKey, type BlobInfo, type BlobStore, type ByteRange, type ReadOptions } from '../blob-store.js';
import { checkObject, type ObjectCheck } from './object-repair.js';
import { RepairQueue } from './repair-queue.js';

export interface ReplicatedBlobStoreOptions {
  /** Replicas that must hold an object before `put` resolves; default: all of them. */
  readonly writeQuorum?: number;
  /** Told about every background repair (key and replica descriptions only, never content). */
  readonly onRepair?: (check: ObjectCheck) => void;
}

/**
 * Several backends holding the same objects. Writes go to all of them at once and succeed once the write quorum
 * holds; reads try the replicas in order, check whole objects against their key and fall back to the next
 * replica when a copy is missing or bad, and queue a repair that copies good bytes over the bad copy.
 *
 * @example
 * const store = new ReplicatedBlobStore([await LocalFolderBlobStore.open('/a'), new S3BlobStore(s3)], { writeQuorum: 1 });
 */
export class ReplicatedBlobStore implements BlobStore {
  readonly description: string;
  readonly readAttempts: number;
  readonly writeQuorum: number;
  readonly repairs: RepairQueue;
  /** Writes still running past the quorum, by key: stat and delete wait for them, so a late write cannot undo a delete. */
  private readonly lagging = new Map<string, Promise<unknown>>();

  constructor(
    readonly replicas: readonly BlobStore[],
    options: ReplicatedBlobStoreOptions = {},
  ) {
    if (replicas.length === 0) throw new RangeError('A replicated store needs at least one replica');
    this.writeQuorum = options.writeQuorum ?? replicas.length;
    if (!Number.isInteger(this.writeQuorum) || this.writeQuorum < 1 || this.writeQuorum > replicas.length) {
      throw new RangeError(`The write quorum must be between 1 and ${replicas.length} (got ${this.writeQuorum})`);
    }
    this.readAttempts = replicas.length;
    this.description = `replicated(quorum ${this.writeQuorum} of ${replicas.length}): ${replicas.map((r) => r.description).join(', ')}`;
    this.repairs = new RepairQueue(async (key) => {
      const check = await checkObject(this.replicas, key, { repair: true });
      options.onRepair?.(check);
    });
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    assertBlobKey(key);
    // Writes that finish after put() resolved still read the bytes, and the caller may recycle its buffer at once.
    const bytes = this.writeQuorum < this.replicas.length ? Buffer.from(data) : data;
    const writes = this.replicas.map((replica) => replica.put(key, bytes));
    const quorum = new Promise<void>((resolve, reject) => {
      let succeeded = 0;
      let failed = 0;
      for (const write of writes) {
        write.then(
          () => {
            succeeded += 1;
            if (succeeded === this.writeQuorum) resolve();
          },
          (err: unknown) => {
            failed += 1;
            if (failed === this.replicas.length - this.writeQuorum + 1) reject(err);
          },
        );
      }
    });
    try {
      await quorum;
    } catch (err) {
      // A failed put answers only once every write settled: the caller's clean-up (deleting what the upload wrote)
      // must not race a write that lands afterwards.
      await Promise.allSettled(writes);
      throw err;
    }
    // A replica that missed a write it should hold gets the object from another one, once all writes settled.
    const settled = Promise.allSettled(writes).then((results) => {
      if (this.lagging.get(key) === settled) this.lagging.delete(key);
      if (results.some((r) => r.status === 'rejected')) this.repairs.schedule(key);
    });
    this.lagging.set(key, settled);
  }

  async get(key: string, range?: ByteRange, into?: Buffer, options: ReadOptions = {}): Promise<Buffer> {
    assertBlobKey(key);
    const attempt = options.attempt ?? 0;
    // The caller found the bytes of earlier attempts bad: the replicas that served them need checking.
    if (attempt > 0) this.repairs.schedule(key);
    const whole = range === undefined;
    let corrupt = 0;
    let skipped = false;
    let lastError: unknown;
    for (let index = Math.min(attempt, this.replicas.length - 1); index < this.replicas.length; index++) {
      let bytes: Buffer;
      try {
        bytes = await this.replicas[index]!.get(key, range, into);
      } catch (err) {
        if (!(err instanceof BlobNotFoundError)) lastError ??= err;
        skipped = true;
        continue;
      }
      // Only a whole object can be checked here; a range is checked by the caller, who asks again if it is bad.
      if (whole && sha256(bytes).toString('hex') !== key) {
        corrupt += 1;
        skipped = true;
        continue;
      }
      // A good copy exists, so the replicas passed over can be mended from it.
      if (skipped) this.repairs.schedule(key);
      return bytes;
    }
    if (corrupt > 0) {
      this.repairs.schedule(key);
      throw new IntegrityError(`object ${key} is damaged on every replica that has it`);
    }
    throw lastError ?? new BlobNotFoundError(key);
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    assertBlobKey(key);
    await this.lagging.get(key);
    let lastError: unknown;
    for (const replica of this.replicas) {
      try {
        const info = await replica.stat(key);
        if (info) return info;
      } catch (err) {
        lastError ??= err; // an unreachable replica: another may answer
      }
    }
    if (lastError !== undefined) throw lastError;
    return undefined;
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.lagging.get(key);
    const results = await Promise.allSettled(this.replicas.map((replica) => replica.delete(key)));
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  /**
   * Every key held by any replica, once. The keys already yielded are remembered to skip repeats: about 100 bytes
   * per object, so some 100 MB for a million objects (4 TB of files).
   */
  async *list(): AsyncIterable<BlobInfo> {
    const seen = new Set<string>();
    for (const replica of this.replicas) {
      for await (const info of replica.list()) {
        if (seen.has(info.key)) continue;
        seen.add(info.key);
        yield info;
      }
    }
  }

  /** Waits for writes still running past their quorum (before shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.lagging.values()]);
    await this.repairs.idle();
  }

  async cleanStaleTempFiles(olderThanMs: number): Promise<number> {
    let removed = 0;
    for (const replica of this.replicas) removed += (await replica.cleanStaleTempFiles?.(olderThanMs)) ?? 0;
    return removed;
  }
}
