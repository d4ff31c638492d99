import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeBlobStoreContract } from './blob-store.contract.js';
import { LocalFolderBlobStore } from './local-folder-blob-store.js';
import { allocatePageAligned } from './page-aligned-memory.js';

describeBlobStoreContract('LocalFolderBlobStore', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'coffer-blobs-'));
  const store = await LocalFolderBlobStore.open(root);
  return { store, cleanup: () => rm(root, { recursive: true, force: true }) };
});

describe('LocalFolderBlobStore', () => {
  let root: string;
  let store: LocalFolderBlobStore;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'coffer-blobs-'));
    store = await LocalFolderBlobStore.open(root);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('creates private objects/ and tmp/ folders', async () => {
    for (const folder of ['objects', 'tmp']) {
      const info = await stat(path.join(root, folder));
      expect(info.isDirectory()).toBe(true);
      expect(info.mode & 0o777).toBe(0o700);
    }
    expect(store.description).toBe(`local:${root}`);
  });

  it('stores an object in the fan-out folder of its first two hex digits, all 256 made at open', async () => {
    expect((await readdir(path.join(root, 'objects'))).sort()).toEqual(Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')));
    const blob = makeBlob(10);
    await store.put(blob.key, blob.data);
    const file = path.join(root, 'objects', blob.key.slice(0, 2), blob.key);
    expect((await stat(file)).size).toBe(10);
  });

  it('leaves no file in tmp/ after puts', async () => {
    const blobs = Array.from({ length: 10 }, (_, i) => makeBlob(100 * i));
    await Promise.all(blobs.map((blob) => store.put(blob.key, blob.data)));
    await store.put(blobs[0]!.key, blobs[0]!.data);
    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
  });

  it('recreates a fan-out folder that was removed', async () => {
    const blob = makeBlob(100);
    await rm(path.join(root, 'objects', blob.key.slice(0, 2)), { recursive: true });
    await store.put(blob.key, blob.data);
    expect((await store.get(blob.key)).equals(Buffer.from(blob.data))).toBe(true);
  });

  it('leaves no partial object and no temp file when the fan-out folder cannot be used', async () => {
    const blob = makeBlob(1000);
    const blocker = path.join(root, 'objects', blob.key.slice(0, 2));
    await rm(blocker, { recursive: true });
    await writeFile(blocker, 'a regular file where a folder should be');

    await expect(store.put(blob.key, blob.data)).rejects.toThrow();

    expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    expect(await store.stat(blob.key)).toBeUndefined();
    expect(await collectKeys(store)).toEqual([]);
  });

  it('rejects negative and fractional ranges with a RangeError', async () => {
    const blob = makeBlob(10);
    await store.put(blob.key, blob.data);
    for (const range of [
      { offset: -1, length: 1 },
      { offset: 0, length: -1 },
      { offset: 0.5, length: 1 },
      { offset: 0, length: Number.NaN },
    ]) {
      await expect(store.get(blob.key, range)).rejects.toThrow(RangeError);
    }
  });

  it('lists only well-formed keys in their own fan-out folder', async () => {
    const blob = makeBlob(10);
    await store.put(blob.key, blob.data);
    const misplaced = makeBlob(10).key.replace(/^../, blob.key.slice(0, 2) === 'ff' ? '00' : 'ff');
    const leaf = path.join(root, 'objects', blob.key.slice(0, 2));
    await writeFile(path.join(leaf, 'notes.txt'), 'x');
    await writeFile(path.join(leaf, misplaced), 'x');
    await writeFile(path.join(root, 'objects', 'README'), 'x');
    await mkdir(path.join(root, 'objects', 'zz'), { recursive: true });
    expect(await collectKeys(store)).toEqual([blob.key]);
  });

  it('removes temp files older than the cutoff and keeps recent ones', async () => {
    const tmp = path.join(root, 'tmp');
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await writeFile(path.join(tmp, 'crashed-1.tmp'), 'x');
    await writeFile(path.join(tmp, 'crashed-2.tmp'), 'x');
    await utimes(path.join(tmp, 'crashed-1.tmp'), hourAgo, hourAgo);
    await utimes(path.join(tmp, 'crashed-2.tmp'), hourAgo, hourAgo);
    await writeFile(path.join(tmp, 'in-flight.tmp'), 'x');

    expect(await store.cleanStaleTempFiles(10 * 60 * 1000)).toBe(2);
    expect(await readdir(tmp)).toEqual(['in-flight.tmp']);
  });

  describe.runIf(process.platform === 'linux')('direct I/O', () => {
    /** `size` random bytes at the start of page-aligned shared memory, as the content engine's pool hands them out. */
    const alignedBlob = (size: number, misalignBy = 0): { key: string; data: Uint8Array } => {
      const data = Buffer.from(allocatePageAligned(size + misalignBy), misalignBy, size);
      data.set(randomBytes(size));
      return { key: createHash('sha256').update(data).digest('hex'), data };
    };

    it('writes the whole-block bulk of a large object directly and the tail through the page cache', async () => {
      const blob = alignedBlob(1024 * 1024 + 1000);
      await store.put(blob.key, blob.data);
      expect(store.directWriteBytes).toBe(1024 * 1024);
      expect((await store.get(blob.key)).equals(blob.data)).toBe(true);
      expect(await readdir(path.join(root, 'tmp'))).toEqual([]);
    });

    it('counts every direct byte of puts that run at once', async () => {
      const blobs = Array.from({ length: 8 }, () => alignedBlob(512 * 1024));
      await Promise.all(blobs.map((blob) => store.put(blob.key, blob.data)));
      expect(store.directWriteBytes).toBe(8 * 512 * 1024);
    });

    it('writes unaligned memory and small objects through the page cache, intact', async () => {
      const unaligned = alignedBlob(1024 * 1024, 1);
      const small = alignedBlob(64 * 1024);
      await store.put(unaligned.key, unaligned.data);
      await store.put(small.key, small.data);
      expect(store.directWriteBytes).toBe(0);
      expect((await store.get(unaligned.key)).equals(unaligned.data)).toBe(true);
      expect((await store.get(small.key)).equals(small.data)).toBe(true);
    });

    it('reads a whole large object into aligned memory directly, and anything else through the page cache', async () => {
      const blob = alignedBlob(1024 * 1024 + 1000);
      await store.put(blob.key, blob.data);
      const into = Buffer.from(allocatePageAligned(2 * 1024 * 1024));
      const whole = await store.get(blob.key, undefined, into);
      expect(whole.equals(blob.data)).toBe(true);
      expect(whole.buffer).toBe(into.buffer);
      expect(store.directReadBytes).toBe(1024 * 1024);
      // Unaligned memory (refused by the kernel, then read through the page cache), a range and no buffer at all.
      expect((await store.get(blob.key, undefined, Buffer.from(new SharedArrayBuffer(2 * 1024 * 1024), 1))).equals(blob.data)).toBe(true);
      expect((await store.get(blob.key, { offset: 5, length: 600_000 }, into)).equals(blob.data.subarray(5, 600_005))).toBe(true);
      expect((await store.get(blob.key)).equals(blob.data)).toBe(true);
      expect(store.directReadBytes).toBe(1024 * 1024);
    });

    it('writes a sealed object of an upload (4 MiB and 256 tags) entirely by direct I/O', async () => {
      const blob = alignedBlob(256 * (16 * 1024 + 16));
      await store.put(blob.key, blob.data);
      expect(store.directWriteBytes).toBe(blob.data.length);
      expect((await store.get(blob.key, { offset: 4095, length: 3 })).equals(blob.data.subarray(4095, 4098))).toBe(true);
    });
  });
});

function makeBlob(size: number): { key: string; data: Uint8Array } {
  const data = new Uint8Array(randomBytes(size));
  return { key: createHash('sha256').update(data).digest('hex'), data };
}

async function collectKeys(store: LocalFolderBlobStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const info of store.list()) keys.push(info.key);
  return keys;
}
