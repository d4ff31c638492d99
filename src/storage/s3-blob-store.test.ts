import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBlobStoreContract } from './blob-store.contract.js';
import { S3BlobStore } from './s3-blob-store.js';
import { startFlakyProxy, type FlakyProxy } from './testing/flaky-proxy.js';
import { startS3TestServer, type S3TestServer } from './testing/s3-test-server.js';

let shared: Promise<S3TestServer> | undefined;
const server = (): Promise<S3TestServer> => (shared ??= startS3TestServer(2));
afterAll(async () => {
  if (shared) await (await shared).close();
});

/** A fresh prefix per test makes an empty store without a fresh bucket. */
const freshPrefix = () => `t-${randomBytes(6).toString('hex')}/`;

describeBlobStoreContract('S3BlobStore on s3rver', async () => {
  const s3 = await server();
  const store = new S3BlobStore(s3.storeOptions(s3.buckets[0]!, { prefix: freshPrefix() }));
  return { store, cleanup: async () => store.close() };
});

// The same contract with every object above 64 KiB sent in parts, so multipart uploads are proven by the same tests.
describeBlobStoreContract('S3BlobStore on s3rver, multipart above 64 KiB', async () => {
  const s3 = await server();
  const store = new S3BlobStore(s3.storeOptions(s3.buckets[1]!, { prefix: freshPrefix(), multipartThresholdBytes: 64 * 1024, partSizeBytes: 100_000 }));
  return { store, cleanup: async () => store.close() };
});

describe('S3BlobStore', () => {
  let s3: S3TestServer;
  let proxy: FlakyProxy;

  beforeAll(async () => {
    s3 = await server();
    proxy = await startFlakyProxy(s3.endpoint);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  function storeThroughProxy(extra: { maxAttempts?: number; requestTimeoutMs?: number; multipartThresholdBytes?: number; partSizeBytes?: number } = {}) {
    return new S3BlobStore({ ...s3.storeOptions(s3.buckets[0]!, { prefix: freshPrefix(), ...extra }), endpoint: proxy.url });
  }

  it('describes itself without credentials', () => {
    const store = new S3BlobStore(s3.storeOptions('bucket', { prefix: 'a/b' }));
    expect(store.description).toBe(`s3:${s3.endpoint}/bucket/a/b/`);
    expect(store.description).not.toContain('S3RVER');
    store.close();
  });

  it('retries a PUT and a GET that got a 503, and succeeds', async () => {
    const store = storeThroughProxy();
    const blob = makeBlob(5000);
    proxy.requests.length = 0;
    proxy.failNext(1, 'status-503', (method) => method === 'PUT');
    await store.put(blob.key, blob.data);
    expect(proxy.requests.filter((r) => r.startsWith('PUT ')).length).toBe(2);

    proxy.requests.length = 0;
    proxy.failNext(2, 'status-503', (method) => method === 'GET');
    expect((await store.get(blob.key)).equals(Buffer.from(blob.data))).toBe(true);
    expect(proxy.requests.filter((r) => r.startsWith('GET ')).length).toBe(3);
    store.close();
  });

  it('retries a part of a multipart upload that got a 503', async () => {
    const store = storeThroughProxy({ multipartThresholdBytes: 10_000, partSizeBytes: 10_000 });
    const blob = makeBlob(35_000);
    proxy.requests.length = 0;
    proxy.failNext(1, 'status-503', (method, path) => method === 'PUT' && path.includes('partNumber=2'));
    await store.put(blob.key, blob.data);
    expect(proxy.requests.filter((r) => r.includes('partNumber=2')).length).toBe(2);
    expect(proxy.requests.filter((r) => r.includes('partNumber=')).length).toBe(5);
    expect(
      createHash('sha256')
        .update(await store.get(blob.key))
        .digest('hex'),
    ).toBe(blob.key);
    store.close();
  });

  it('retries a request that timed out', async () => {
    const store = storeThroughProxy({ requestTimeoutMs: 300 });
    const blob = makeBlob(100);
    await store.put(blob.key, blob.data);
    proxy.requests.length = 0;
    proxy.failNext(1, 'stall', (method) => method === 'GET');
    expect((await store.get(blob.key)).equals(Buffer.from(blob.data))).toBe(true);
    expect(proxy.requests.filter((r) => r.startsWith('GET ')).length).toBe(2);
    store.close();
  });

  it('gives up after the configured attempts', async () => {
    const store = storeThroughProxy({ maxAttempts: 2 });
    const blob = makeBlob(100);
    proxy.requests.length = 0;
    proxy.failNext(5, 'status-503');
    await expect(store.put(blob.key, blob.data)).rejects.toMatchObject({ $metadata: { httpStatusCode: 503 } });
    expect(proxy.requests.length).toBe(2);
    proxy.failNext(0, 'status-503');
    store.close();
  });

  it('lists across pages of ListObjectsV2', async () => {
    const store = new S3BlobStore(s3.storeOptions(s3.buckets[0]!, { prefix: freshPrefix() }));
    const blobs = Array.from({ length: 1005 }, (_, i) => makeBlob(1 + (i % 3)));
    const unique = new Set(blobs.map((b) => b.key));
    for (let i = 0; i < blobs.length; i += 50) await Promise.all(blobs.slice(i, i + 50).map((b) => store.put(b.key, b.data)));
    const listed: string[] = [];
    for await (const info of store.list()) listed.push(info.key);
    expect(listed.length).toBe(unique.size);
    expect(new Set(listed)).toEqual(unique);
    store.close();
  }, 60_000);

  it('keeps stores with different prefixes apart', async () => {
    const a = new S3BlobStore(s3.storeOptions(s3.buckets[0]!, { prefix: freshPrefix() }));
    const b = new S3BlobStore(s3.storeOptions(s3.buckets[0]!, { prefix: freshPrefix() }));
    const blob = makeBlob(10);
    await a.put(blob.key, blob.data);
    expect(await b.stat(blob.key)).toBeUndefined();
    const listed = [];
    for await (const info of b.list()) listed.push(info);
    expect(listed).toEqual([]);
    a.close();
    b.close();
  });
});

function makeBlob(size: number): { key: string; data: Uint8Array } {
  const data = new Uint8Array(randomBytes(size));
  return { key: createHash('sha256').update(data).digest('hex'), data };
}
