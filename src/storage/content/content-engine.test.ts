import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrityError } from '../../domain/index.js';
import { chunkSize, decryptMessage, deriveChunkKeys, randomKey } from '../../crypto/index.js';
import { LocalFolderBlobStore } from '../local-folder-blob-store.js';
import { readContent, type StoredContent } from './content-reader.js';
import { contentContext } from './content-context.js';
import { ContentWriter } from './content-writer.js';
import { ContentCryptoPool } from './crypto-pool.js';
import { chunkCount, expectedObjectSize, fullObjectBytes, objectCount, storedSize } from './layout.js';

const fileId = '0123456789abcdefghjkmnpqrs';
const versionId = 'abcdefghjkmnpqrstvwxyz0123';
const mib = 1024 * 1024;

describe('layout', () => {
  it('follows the c2sp chunking: the final chunk is always short, maybe empty', () => {
    expect(chunkCount(0)).toBe(1);
    expect(chunkCount(chunkSize - 1)).toBe(1);
    expect(chunkCount(chunkSize)).toBe(2);
    expect(objectCount(4 * mib - 1)).toBe(1);
    expect(objectCount(4 * mib)).toBe(2);
    expect(expectedObjectSize(4 * mib, 0)).toBe(fullObjectBytes);
    expect(expectedObjectSize(4 * mib, 1)).toBe(16);
    expect(storedSize(0)).toBe(16);
  });
});

describe.each([
  ['inline', () => ContentCryptoPool.inline()],
  ['worker threads', () => ContentCryptoPool.create(2)],
])('content engine (%s)', (_label, makePool) => {
  let dir: string;
  let store: LocalFolderBlobStore;
  let pool: ContentCryptoPool;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'coffer-content-'));
    store = await LocalFolderBlobStore.open(dir);
    pool = makePool();
  });
  afterAll(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function write(
    data: Buffer,
    pieceSize: number,
  ): Promise<{ content: StoredContent; keys: ReturnType<typeof deriveChunkKeys>; dataKey: Buffer; salt: Buffer }> {
    const dataKey = randomKey();
    const salt = randomBytes(24);
    const keys = deriveChunkKeys(dataKey, salt, contentContext(fileId, versionId));
    const writer = new ContentWriter(store, keys, pool);
    for (let i = 0; i < data.length; i += pieceSize) await writer.write(data.subarray(i, i + pieceSize));
    const written = await writer.finish();
    expect(written.size).toBe(data.length);
    expect(written.storedSize).toBe(storedSize(data.length));
    for (const object of written.objects) expect((await store.stat(object.key))?.size).toBe(object.size);
    return { content: { size: written.size, objects: written.objects, merkleRoot: written.merkleRoot }, keys, dataKey, salt };
  }

  async function read(content: StoredContent, keys: ReturnType<typeof deriveChunkKeys>, start: number, end: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of readContent(store, keys, pool, content, { start, end })) parts.push(Buffer.from(part));
    return Buffer.concat(parts);
  }

  it.each([0, 1, chunkSize, 4 * mib, 4 * mib + 1, 9 * mib + 12345])(
    'round-trips %i bytes, and the objects form a standard Cobblestone message',
    async (size) => {
      const data = randomBytes(size);
      const { content, keys, dataKey, salt } = await write(data, 65_536 + 7);
      expect(content.objects.length).toBe(objectCount(size));
      expect((await read(content, keys, 0, size - 1)).equals(data)).toBe(true);
      const body = Buffer.concat(await Promise.all(content.objects.map((o) => store.get(o.key))));
      const message = decryptMessage(dataKey, contentContext(fileId, versionId), Buffer.concat([salt, keys.commitment, body]));
      expect(createHash('sha256').update(message).digest('hex')).toBe(createHash('sha256').update(data).digest('hex'));
    },
  );

  it('reads arbitrary ranges, across chunk and object boundaries', async () => {
    const data = randomBytes(9 * mib + 777);
    const { content, keys } = await write(data, mib);
    for (const [start, end] of [
      [0, 0],
      [chunkSize - 1, chunkSize],
      [4 * mib - 3, 4 * mib + 3],
      [data.length - 1, data.length - 1],
      [123, 8 * mib + 5],
    ] as const) {
      expect((await read(content, keys, start, end)).equals(data.subarray(start, end + 1))).toBe(true);
    }
  });

  it('lends each large piece until the next is requested, then wipes and recycles it', async () => {
    const data = randomBytes(9 * mib);
    const { content, keys } = await write(data, mib);
    const reader = readContent(store, keys, pool, content, { start: 0, end: data.length - 1 });
    const first = (await reader.next()).value as Buffer;
    expect(first.equals(data.subarray(0, first.length))).toBe(true);
    const kept = Buffer.from(first);
    await reader.next();
    // The first piece's memory went back to the pool (wiped, then reused for a later object).
    expect(first.equals(kept)).toBe(false);
    await reader.return(undefined);
  });

  it('refuses a version whose object list does not match its size or Merkle root', async () => {
    const data = randomBytes(5 * mib);
    const { content, keys } = await write(data, mib);
    await expect(read({ ...content, size: content.size - 1 }, keys, 0, 10)).rejects.toBeInstanceOf(IntegrityError);
    await expect(read({ ...content, objects: [...content.objects].reverse() }, keys, 0, 10)).rejects.toBeInstanceOf(IntegrityError);
    await expect(read({ ...content, merkleRoot: randomBytes(32) }, keys, 0, 10)).rejects.toBeInstanceOf(IntegrityError);
  });

  it('never yields bytes of an object that was altered on disk', async () => {
    const data = randomBytes(5 * mib);
    const { content, keys } = await write(data, mib);
    const victim = content.objects[1]!;
    const bytes = await store.get(victim.key);
    bytes[100] = bytes[100]! ^ 1;
    await store.delete(victim.key);
    // Put the altered bytes back under the original name, as a malicious disk would.
    await (store as unknown as { put(k: string, d: Uint8Array): Promise<void> }).put(victim.key, bytes);
    const received: Buffer[] = [];
    await expect(
      (async () => {
        for await (const part of readContent(store, keys, pool, content, { start: 0, end: data.length - 1 })) received.push(Buffer.from(part));
      })(),
    ).rejects.toBeInstanceOf(IntegrityError);
    const prefix = Buffer.concat(received);
    expect(prefix.length).toBeLessThanOrEqual(4 * mib);
    expect(prefix.equals(data.subarray(0, prefix.length))).toBe(true);
    // A range inside the altered chunk fails too, through the partial-object path.
    await expect(read(content, keys, 4 * mib + 10, 4 * mib + 20)).rejects.toBeInstanceOf(IntegrityError);
  });
});
