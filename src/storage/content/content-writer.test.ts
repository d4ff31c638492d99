import { afterAll, describe, expect, it, vi } from 'vitest';
import { deriveChunkKeys, PlaintextMac, randomBytesOf, randomKey } from '../../crypto/index.js';
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

describe('ContentWriter plaintext commitment', () => {
  const workers = ContentCryptoPool.create(2);
  const inline = ContentCryptoPool.inline();
  afterAll(() => workers.close());
  const keys = deriveChunkKeys(randomKey(), randomBytesOf(24), contentContext('file', 'version'));
  const fileId = '0123456789abcdefghjkmnpqrs';
  const versionId = 'abcdefghjkmnpqrstvwxyz0123';

  class MemoryStore extends SlowDiskStore {
    override async put(): Promise<void> {}
  }

  it.each([
    ['empty', 0, 'workers'],
    ['small', 70_000, 'workers'],
    ['exactly one object of plaintext', objectBytes, 'workers'],
    ['three objects and a bit', 3 * objectBytes + 12345, 'workers'],
    ['three objects and a bit, inline', 3 * objectBytes + 12345, 'inline'],
  ])('equals the HMAC over the whole plaintext: %s', async (_what, size, where) => {
    const pool = where === 'inline' ? inline : workers;
    const macKey = randomKey();
    const plaintext = randomBytesOf(size);
    const writer = new ContentWriter(new MemoryStore(true), keys, pool, { plaintextMac: { key: macKey, fileId, versionId } });
    // Uneven pieces, as a socket delivers them.
    for (let offset = 0; offset < size; offset += 50_000) await writer.write(plaintext.subarray(offset, Math.min(size, offset + 50_000)));
    const written = await writer.finish();
    const expected = new PlaintextMac(macKey, fileId, versionId);
    expected.update(plaintext);
    expect(written.plaintextMac?.equals(expected.digest())).toBe(true);
  });

  it('interleaves two uploads on one pool without mixing their commitments', async () => {
    const [a, b] = [randomBytesOf(2 * objectBytes + 5), randomBytesOf(2 * objectBytes + 7)];
    const macKey = randomKey();
    const writers = [a, b].map(
      (_, i) => new ContentWriter(new MemoryStore(true), keys, workers, { plaintextMac: { key: macKey, fileId, versionId: `${versionId.slice(0, 25)}${i}` } }),
    );
    for (let offset = 0; offset < a.length; offset += 1 << 20) {
      await writers[0]!.write(a.subarray(offset, offset + (1 << 20)));
      await writers[1]!.write(b.subarray(offset, offset + (1 << 20)));
    }
    const [wa, wb] = await Promise.all(writers.map((w) => w.finish()));
    const digest = (data: Buffer, i: number) => {
      const mac = new PlaintextMac(macKey, fileId, `${versionId.slice(0, 25)}${i}`);
      mac.update(data);
      return mac.digest();
    };
    expect(wa!.plaintextMac?.equals(digest(a, 0))).toBe(true);
    expect(wb!.plaintextMac?.equals(digest(b, 1))).toBe(true);
  });
});

describe('ContentWriter buffer hygiene', () => {
  const pool = ContentCryptoPool.create(1);
  afterAll(() => pool.close());
  const keys = deriveChunkKeys(randomKey(), randomBytesOf(24), contentContext('file', 'version'));
  const marker = Buffer.from('PLAINTEXT-MARKER-5f2c');

  class MemoryStore extends SlowDiskStore {
    override async put(): Promise<void> {}
  }

  /** Every buffer the pool can hand out, searched for the marker; the pool keeps 12. */
  const pooledBuffersHoldingMarker = (): number => {
    const buffers = Array.from({ length: 12 }, () => pool.objectBuffers.acquire());
    const found = buffers.filter((b) => b.includes(marker)).length;
    for (const b of buffers) pool.objectBuffers.release(b);
    return found;
  };

  it('returns no plaintext to the pool: sealed buffers hold ciphertext, the rest are wiped', async () => {
    const plaintext = Buffer.alloc(3 * objectBytes + 5000, marker);
    const writer = new ContentWriter(new MemoryStore(true), keys, pool);
    for (let offset = 0; offset < plaintext.length; offset += 65_536) await writer.write(plaintext.subarray(offset, offset + 65_536));
    await writer.finish();
    expect(pooledBuffersHoldingMarker()).toBe(0);

    // An upload that stops mid-object never seals its last buffer: that one is wiped.
    const aborted = new ContentWriter(new MemoryStore(true), keys, pool);
    for (let offset = 0; offset < objectBytes + 200_000; offset += 65_536) await aborted.write(plaintext.subarray(offset, offset + 65_536));
    await aborted.abort();
    expect(pooledBuffersHoldingMarker()).toBe(0);

    // A seal that fails leaves the plaintext in its buffer: that one is wiped too.
    const failing = new ContentWriter(new MemoryStore(true), { ...keys, aeadKey: Buffer.alloc(5) }, pool);
    await expect(
      (async () => {
        for (let offset = 0; offset < plaintext.length; offset += 65_536) await failing.write(plaintext.subarray(offset, offset + 65_536));
        await failing.finish();
      })(),
    ).rejects.toThrow();
    await failing.abort();
    expect(pooledBuffersHoldingMarker()).toBe(0);
  });
});
