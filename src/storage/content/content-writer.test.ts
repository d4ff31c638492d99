import { afterAll, describe, expect, it, vi } from 'vitest';
import { deriveChunkKeys, randomBytesOf, randomKey } from '../../crypto/index.js';
import type { BlobInfo, BlobStore, PutOptions } from '../blob-store.js';
import { contentContext } from './content-context.js';
import { ContentWriter } from './content-writer.js';
import { ContentCryptoPool } from './crypto-pool.js';

const objectBytes = 256 * 16384;

/** A store whose puts become durable only when the test says so; it may release the bytes at once. */
class SlowDiskStore implements BlobStore {
  readonly description = 'test:slow-disk';
  pending = 0;
  maxPending = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly releasesEarly: boolean) {}

  async put(_key: string, _data: Uint8Array, options?: PutOptions): Promise<void> {
    if (this.releasesEarly) options?.dataReleased?.();
    this.pending++;
    this.maxPending = Math.max(this.maxPending, this.pending);
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.pending--;
  }

  makeDurable(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  async get(): Promise<Buffer> {
    throw new Error('not used');
  }
  async stat(): Promise<BlobInfo | undefined> {
    return undefined;
  }
  async delete(): Promise<void> {}
  async *list(): AsyncIterable<BlobInfo> {}
}

describe('ContentWriter in-flight limits', () => {
  const pool = ContentCryptoPool.create(1);
  afterAll(() => pool.close());
  const keys = deriveChunkKeys(randomKey(), randomBytesOf(24), contentContext('file', 'version'));

  async function writeObjects(store: SlowDiskStore, count: number, options: { parallelObjects: number; parallelBuffers: number }) {
    const writer = new ContentWriter(store, keys, pool, options);
    const piece = randomBytesOf(1024 * 1024);
    const writing = (async () => {
      for (let i = 0; i < (count * objectBytes) / piece.length; i++) await writer.write(piece);
    })();
    return { writer, writing };
  }

  it('keeps more objects waiting for durability than buffers in use, when the store releases bytes early', async () => {
    const store = new SlowDiskStore(true);
    const { writer, writing } = await writeObjects(store, 9, { parallelObjects: 16, parallelBuffers: 2 });
    await writing; // no put is durable yet, and the writer never waited for one
    await vi.waitFor(() => expect(store.pending).toBe(8), { timeout: 10_000 });
    const finishing = writer.finish();
    const poll = setInterval(() => store.makeDurable(), 5);
    const written = await finishing.finally(() => clearInterval(poll));
    expect(written.objects).toHaveLength(10);
  });

  it('holds at most parallelBuffers objects when the store keeps the bytes until durable', async () => {
    const store = new SlowDiskStore(false);
    // Slow enough that the writer reaches its limit between two rounds of fsyncs.
    const poll = setInterval(() => store.makeDurable(), 100);
    try {
      const { writer, writing } = await writeObjects(store, 6, { parallelObjects: 16, parallelBuffers: 2 });
      await writing;
      await writer.finish();
      expect(store.maxPending).toBe(2);
    } finally {
      clearInterval(poll);
    }
  });
});
