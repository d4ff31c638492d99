import { createHash, randomBytes } from 'node:crypto';
import { appendFile, mkdtemp, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntegrityError } from '../../domain/index.js';
import { describeBlobStoreContract } from '../blob-store.contract.js';
import { BlobNotFoundError, type BlobInfo, type BlobStore, type ByteRange, type ReadOptions } from '../blob-store.js';
import { LocalFolderBlobStore } from '../local-folder-blob-store.js';
import { S3BlobStore } from '../s3-blob-store.js';
import { startS3TestServer, type S3TestServer } from '../testing/s3-test-server.js';
import { checkObject } from './object-repair.js';
import { ReplicatedBlobStore } from './replicated-blob-store.js';

let shared: Promise<S3TestServer> | undefined;
const s3server = (): Promise<S3TestServer> => (shared ??= startS3TestServer(1));
afterAll(async () => {
  if (shared) await (await shared).close();
});

async function localReplicas(count: number): Promise<{ roots: string[]; stores: LocalFolderBlobStore[]; cleanup(): Promise<void> }> {
  const roots = await Promise.all(Array.from({ length: count }, () => mkdtemp(path.join(tmpdir(), 'coffer-replica-'))));
  const stores = await Promise.all(roots.map((root) => LocalFolderBlobStore.open(root)));
  return { roots, stores, cleanup: async () => void (await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))) };
}

describeBlobStoreContract('ReplicatedBlobStore over two local folders', async () => {
  const { stores, cleanup } = await localReplicas(2);
  const store = new ReplicatedBlobStore(stores);
  return { store, cleanup: async () => (await store.repairs.idle(), await cleanup()) };
});

describeBlobStoreContract('ReplicatedBlobStore over a local folder and an S3 bucket, quorum 1', async () => {
  const { stores, cleanup } = await localReplicas(1);
  const s3 = await s3server();
  const bucket = new S3BlobStore(s3.storeOptions(s3.buckets[0]!, { prefix: `r-${randomBytes(6).toString('hex')}/` }));
  const store = new ReplicatedBlobStore([stores[0]!, bucket], { writeQuorum: 1 });
  return {
    store,
    cleanup: async () => {
      await store.settle();
      bucket.close();
      await cleanup();
    },
  };
});

describe('ReplicatedBlobStore', () => {
  let roots: string[];
  let replicas: LocalFolderBlobStore[];
  let cleanup: () => Promise<void>;
  let store: ReplicatedBlobStore;

  beforeEach(async () => {
    ({ roots, stores: replicas, cleanup } = await localReplicas(2));
    store = new ReplicatedBlobStore(replicas);
  });
  afterEach(async () => {
    await store.repairs.idle();
    await cleanup();
  });

  const fileOf = (replica: number, key: string) => path.join(roots[replica]!, 'objects', key.slice(0, 2), key);

  it('writes every object to every replica', async () => {
    const blob = makeBlob(1000);
    await store.put(blob.key, blob.data);
    for (const replica of replicas) expect(sha256Hex(await replica.get(blob.key))).toBe(blob.key);
    expect(store.description).toBe(`replicated(quorum 2 of 2): local:${roots[0]}, local:${roots[1]}`);
  });

  it('reads a whole object from the next replica when the first is missing, damaged, truncated or extended, and repairs it', async () => {
    for (const damage of [
      (file: string) => unlink(file),
      (file: string) => flipFirstByte(file),
      (file: string) => truncate(file, 10),
      (file: string) => appendFile(file, 'x'),
    ]) {
      const blob = makeBlob(5000);
      await store.put(blob.key, blob.data);
      await damage(fileOf(0, blob.key));
      expect((await store.get(blob.key)).equals(Buffer.from(blob.data))).toBe(true);
      await store.repairs.idle();
      expect(sha256Hex(await replicas[0]!.get(blob.key))).toBe(blob.key);
    }
  });

  it('serves a range from the next replica when the caller reports the first one bad, and repairs it', async () => {
    const blob = makeBlob(5000);
    await store.put(blob.key, blob.data);
    await flipFirstByte(fileOf(0, blob.key));
    const range = { offset: 0, length: 100 };
    // A range cannot be hashed: the first attempt returns the damaged bytes; the caller's check finds them bad.
    expect((await store.get(blob.key, range)).equals(Buffer.from(blob.data).subarray(0, 100))).toBe(false);
    expect((await store.get(blob.key, range, undefined, { attempt: 1 })).equals(Buffer.from(blob.data).subarray(0, 100))).toBe(true);
    await store.repairs.idle();
    expect((await store.get(blob.key, range)).equals(Buffer.from(blob.data).subarray(0, 100))).toBe(true);
  });

  it('fails with an integrity error when every copy is damaged, and with not-found when every copy is gone', async () => {
    const blob = makeBlob(500);
    await store.put(blob.key, blob.data);
    await flipFirstByte(fileOf(0, blob.key));
    await flipFirstByte(fileOf(1, blob.key));
    await expect(store.get(blob.key)).rejects.toBeInstanceOf(IntegrityError);
    await unlink(fileOf(0, blob.key));
    await unlink(fileOf(1, blob.key));
    await expect(store.get(blob.key)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('resolves a put once the quorum holds, and fails when it cannot', async () => {
    const broken = new FailingStore();
    const quorumOne = new ReplicatedBlobStore([replicas[0]!, broken], { writeQuorum: 1 });
    const blob = makeBlob(100);
    await quorumOne.put(blob.key, blob.data);
    expect(sha256Hex(await replicas[0]!.get(blob.key))).toBe(blob.key);
    const all = new ReplicatedBlobStore([replicas[0]!, broken]);
    await expect(all.put(makeBlob(100).key, new Uint8Array(100))).rejects.toThrow('replica down');
    expect(() => new ReplicatedBlobStore([replicas[0]!], { writeQuorum: 2 })).toThrow(RangeError);
  });

  it('copies the bytes before resolving early, so the caller may reuse its buffer', async () => {
    const slow = new SlowStore(replicas[1]!);
    const quorumOne = new ReplicatedBlobStore([replicas[0]!, slow], { writeQuorum: 1 });
    const blob = makeBlob(10_000);
    const buffer = Buffer.from(blob.data);
    await quorumOne.put(blob.key, buffer);
    buffer.fill(0);
    slow.release();
    await slow.done;
    expect(sha256Hex(await replicas[1]!.get(blob.key))).toBe(blob.key);
  });

  it('repairs a replica that missed a write once another holds it', async () => {
    const flaky = new FailingStore(replicas[1]!);
    const quorumOne = new ReplicatedBlobStore([replicas[0]!, flaky], { writeQuorum: 1 });
    const blob = makeBlob(100);
    await quorumOne.put(blob.key, blob.data);
    flaky.failing = false;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await quorumOne.repairs.idle();
    expect(sha256Hex(await replicas[1]!.get(blob.key))).toBe(blob.key);
  });

  it('checkObject reports each copy and repairs from a good one', async () => {
    const blob = makeBlob(2000);
    await store.put(blob.key, blob.data);
    await flipFirstByte(fileOf(1, blob.key));
    const report = await checkObject(replicas, blob.key, { repair: false });
    expect(report).toMatchObject({ states: ['good', 'corrupt'], repaired: [], unrepaired: [1], bytesVerified: 4000 });
    const repaired = await checkObject(replicas, blob.key, { repair: true });
    expect(repaired).toMatchObject({ states: ['good', 'corrupt'], repaired: [1], unrepaired: [] });
    expect((await checkObject(replicas, blob.key, { repair: false })).states).toEqual(['good', 'good']);
    // An object put back on one replica with other bytes under the same key (a rollback or swap) is corrupt there.
    await writeFile(fileOf(0, blob.key), randomBytes(2000));
    expect((await checkObject(replicas, blob.key, { repair: true })).repaired).toEqual([0]);
    expect(sha256Hex(await replicas[0]!.get(blob.key))).toBe(blob.key);
  });
});

async function flipFirstByte(file: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(file);
  bytes[0] = bytes[0]! ^ 1;
  await writeFile(file, bytes);
}

/** A replica whose writes fail while `failing` (and that otherwise passes through to `inner`). */
class FailingStore implements BlobStore {
  readonly description = 'failing';
  failing = true;
  constructor(private readonly inner?: BlobStore) {}
  async put(key: string, data: Uint8Array): Promise<void> {
    if (this.failing || !this.inner) throw new Error('replica down');
    await this.inner.put(key, data);
  }
  get(key: string, range?: ByteRange, into?: Buffer, options?: ReadOptions): Promise<Buffer> {
    if (!this.inner) throw new BlobNotFoundError(key);
    return this.inner.get(key, range, into, options);
  }
  async stat(key: string): Promise<BlobInfo | undefined> {
    return this.inner?.stat(key);
  }
  async delete(key: string): Promise<void> {
    await this.inner?.delete(key);
  }
  async *list(): AsyncIterable<BlobInfo> {
    if (this.inner) yield* this.inner.list();
  }
}

/** A replica whose put waits for `release()` before writing what it was given. */
class SlowStore extends FailingStore {
  private open!: () => void;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  done: Promise<void> = Promise.resolve();
  constructor(private readonly target: BlobStore) {
    super(target);
    this.failing = false;
  }
  override put(key: string, data: Uint8Array): Promise<void> {
    this.done = this.gate.then(() => this.target.put(key, data));
    return this.done;
  }
  release(): void {
    this.open();
  }
}

function makeBlob(size: number): { key: string; data: Uint8Array } {
  const data = new Uint8Array(randomBytes(size));
  return { key: sha256Hex(data), data };
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
