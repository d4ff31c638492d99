import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobNotFoundError, type BlobInfo, type BlobStore } from './blob-store.js';

/**
 * The behaviour every BlobStore backend must have (the contract in blob-store.ts).
 * Each backend's test file calls this once, so a new backend is proven by the same tests as the old ones.
 * `makeStore` must return an empty store; `cleanup` removes whatever it created.
 */
export function describeBlobStoreContract(name: string, makeStore: () => Promise<{ store: BlobStore; cleanup(): Promise<void> }>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let store: BlobStore;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('returns the stored bytes of a small object', async () => {
      const blob = makeBlob(100);
      await store.put(blob.key, blob.data);
      expect(await store.get(blob.key)).toEqual(Buffer.from(blob.data));
    });

    it('returns the stored bytes of a 4.2 MiB object', async () => {
      const blob = makeBlob(Math.round(4.2 * 1024 * 1024));
      await store.put(blob.key, blob.data);
      const read = await store.get(blob.key);
      expect(read.length).toBe(blob.data.length);
      expect(sha256Hex(read)).toBe(blob.key);
    });

    it('releases the bytes at most once, and keeps them intact even when the caller reuses the buffer after release', async () => {
      const blob = makeBlob(64 * 1024);
      const buffer = Buffer.from(blob.data);
      let releases = 0;
      await store.put(blob.key, buffer, {
        dataReleased: () => {
          releases++;
          buffer.fill(0); // what a writer does with a released buffer: reuse it
        },
      });
      expect(releases).toBeLessThanOrEqual(1);
      expect(sha256Hex(await store.get(blob.key))).toBe(blob.key);
    });

    it('stores an empty object', async () => {
      const blob = makeBlob(0);
      await store.put(blob.key, blob.data);
      expect((await store.get(blob.key)).length).toBe(0);
      expect(await store.stat(blob.key)).toMatchObject({ key: blob.key, size: 0 });
    });

    it('returns ranges from the start, middle and end', async () => {
      const blob = makeBlob(1000);
      await store.put(blob.key, blob.data);
      const expected = Buffer.from(blob.data);
      expect(await store.get(blob.key, { offset: 0, length: 10 })).toEqual(expected.subarray(0, 10));
      expect(await store.get(blob.key, { offset: 400, length: 123 })).toEqual(expected.subarray(400, 523));
      expect(await store.get(blob.key, { offset: 990, length: 10 })).toEqual(expected.subarray(990));
      expect(await store.get(blob.key, { offset: 0, length: 1000 })).toEqual(expected);
      expect((await store.get(blob.key, { offset: 10, length: 0 })).length).toBe(0);
    });

    it('returns fewer bytes when a range runs past the end', async () => {
      const blob = makeBlob(1000);
      await store.put(blob.key, blob.data);
      expect(await store.get(blob.key, { offset: 900, length: 500 })).toEqual(Buffer.from(blob.data).subarray(900));
      expect((await store.get(blob.key, { offset: 1000, length: 10 })).length).toBe(0);
      expect((await store.get(blob.key, { offset: 5000, length: 10 })).length).toBe(0);
    });

    it('reads into a caller buffer that is large enough, and allocates when it is not', async () => {
      const blob = makeBlob(1000);
      await store.put(blob.key, blob.data);
      const expected = Buffer.from(blob.data);
      const into = Buffer.alloc(2000, 0xee);
      const whole = await store.get(blob.key, undefined, into);
      expect(whole).toEqual(expected);
      expect(whole.buffer).toBe(into.buffer);
      const part = await store.get(blob.key, { offset: 100, length: 50 }, into);
      expect(part).toEqual(expected.subarray(100, 150));
      expect(part.buffer).toBe(into.buffer);
      const small = Buffer.alloc(10);
      const allocated = await store.get(blob.key, undefined, small);
      expect(allocated).toEqual(expected);
      expect(allocated.buffer).not.toBe(small.buffer);
    });

    it('serves the same bytes when a caller asks again with a later attempt', async () => {
      const blob = makeBlob(1000);
      await store.put(blob.key, blob.data);
      const attempts = store.readAttempts ?? 1;
      expect(attempts).toBeGreaterThanOrEqual(1);
      for (let attempt = 0; attempt < attempts; attempt++) {
        expect(await store.get(blob.key, undefined, undefined, { attempt })).toEqual(Buffer.from(blob.data));
        expect(await store.get(blob.key, { offset: 10, length: 20 }, undefined, { attempt })).toEqual(Buffer.from(blob.data).subarray(10, 30));
      }
    });

    it('reports the size of a stored object and nothing for a missing one', async () => {
      const blob = makeBlob(321);
      expect(await store.stat(blob.key)).toBeUndefined();
      await store.put(blob.key, blob.data);
      expect(await store.stat(blob.key)).toMatchObject({ key: blob.key, size: 321 });
    });

    it('keeps one object when the same key is put twice', async () => {
      const blob = makeBlob(500);
      await store.put(blob.key, blob.data);
      await store.put(blob.key, blob.data);
      expect(await store.get(blob.key)).toEqual(Buffer.from(blob.data));
      expect(await listAll(store)).toEqual([{ key: blob.key, size: 500 }]);
    });

    it('deletes an object', async () => {
      const kept = makeBlob(10);
      const deleted = makeBlob(20);
      await store.put(kept.key, kept.data);
      await store.put(deleted.key, deleted.data);
      await store.delete(deleted.key);
      expect(await store.stat(deleted.key)).toBeUndefined();
      await expect(store.get(deleted.key)).rejects.toBeInstanceOf(BlobNotFoundError);
      expect(await listAll(store)).toEqual([{ key: kept.key, size: 10 }]);
    });

    it('reports when an object was written, in stat and in list', async () => {
      const before = Date.now();
      const blob = makeBlob(10);
      await store.put(blob.key, blob.data);
      const after = Date.now();
      const info = await store.stat(blob.key);
      // Filesystems and object stores keep times at coarser resolutions: allow a second either side.
      expect(info?.modifiedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(info?.modifiedAt).toBeLessThanOrEqual(after + 1000);
      const listed = [];
      for await (const entry of store.list()) listed.push(entry);
      expect(listed.find((entry) => entry.key === blob.key)?.modifiedAt).toBe(info?.modifiedAt);
    });

    it('succeeds when deleting a missing object', async () => {
      await expect(store.delete(makeBlob(1).key)).resolves.toBeUndefined();
    });

    it('throws BlobNotFoundError for a missing object, with or without a range', async () => {
      const { key } = makeBlob(1);
      await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
      await expect(store.get(key, { offset: 0, length: 1 })).rejects.toMatchObject({ name: 'BlobNotFoundError', key });
    });

    it('lists every stored key exactly once', async () => {
      expect(await listAll(store)).toEqual([]);
      const blobs = Array.from({ length: 30 }, (_, i) => makeBlob(i * 7));
      for (const blob of blobs) await store.put(blob.key, blob.data);
      const expected = blobs.map((blob) => ({ key: blob.key, size: blob.data.length }));
      expect(await listAll(store)).toEqual(sortByKey(expected));
    });

    it('stores 20 different objects put concurrently', async () => {
      const blobs = Array.from({ length: 20 }, (_, i) => makeBlob(1000 + i));
      await Promise.all(blobs.map((blob) => store.put(blob.key, blob.data)));
      for (const blob of blobs) expect(await store.get(blob.key)).toEqual(Buffer.from(blob.data));
      expect((await listAll(store)).length).toBe(20);
    });

    it('keeps one intact object when the same key is put concurrently', async () => {
      const blob = makeBlob(256 * 1024);
      await Promise.all(Array.from({ length: 10 }, () => store.put(blob.key, blob.data)));
      expect(sha256Hex(await store.get(blob.key))).toBe(blob.key);
      expect(await listAll(store)).toEqual([{ key: blob.key, size: blob.data.length }]);
    });

    it('rejects keys that are not 64 lowercase hex characters', async () => {
      const valid = makeBlob(1).key;
      const invalidKeys = ['', 'abc', valid.toUpperCase(), `${valid}0`, valid.slice(1), `../${valid.slice(3)}`, `${valid.slice(0, 63)}g`];
      for (const key of invalidKeys) {
        await expect(store.put(key, new Uint8Array(1)), key).rejects.toThrow(TypeError);
        await expect(store.get(key), key).rejects.toThrow(TypeError);
        await expect(store.stat(key), key).rejects.toThrow(TypeError);
        await expect(store.delete(key), key).rejects.toThrow(TypeError);
      }
      expect(await listAll(store)).toEqual([]);
    });
  });
}

function makeBlob(size: number): { key: string; data: Uint8Array } {
  const data = new Uint8Array(randomBytes(size));
  return { key: sha256Hex(data), data };
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Keys and sizes of every listed object (times are checked on their own). */
async function listAll(store: BlobStore): Promise<Pick<BlobInfo, 'key' | 'size'>[]> {
  const found: Pick<BlobInfo, 'key' | 'size'>[] = [];
  for await (const info of store.list()) found.push({ key: info.key, size: info.size });
  return sortByKey(found);
}

function sortByKey<T extends { key: string }>(infos: T[]): T[] {
  return [...infos].sort((a, b) => a.key.localeCompare(b.key));
}
