import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CofferClient } from '../../src/sdk/index.js';
import type { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { fileBytes, MiB, randomData } from '../support/integration-helpers.js';
import { digest } from '../support/tus-helpers.js';

/** The SDK's uploadResumable: chunked tus PATCHes that survive a failing network by asking the server for its offset. */
describe.each(testDialects())('SDK resumable upload on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let rootId: string;

  beforeAll(async () => {
    ({ server, client, rootId } = await startSignedIn(dialect));
  });
  afterAll(async () => server?.close());

  it('uploads in chunks, retries a PATCH that failed on the network from the server offset, and reports the file', async () => {
    const data = randomData(5 * MiB + 3);
    let patches = 0;
    const methods: string[] = [];
    const flaky: typeof fetch = async (input, init) => {
      methods.push(init?.method ?? 'GET');
      if (init?.method === 'PATCH' && ++patches === 3) throw new TypeError('fetch failed: connection reset');
      return fetch(input, init);
    };
    const sdk = new CofferClient({ baseUrl: server.url, token: client.token, fetch: flaky });
    const progress: number[] = [];
    let reportedUrl = '';
    const result = await sdk.uploadResumable({ parentId: rootId, name: 'sdk.bin' }, data, {
      chunkSize: MiB + 7,
      onProgress: (sent) => progress.push(sent),
      onUploadUrl: (url) => (reportedUrl = url),
    });
    expect(result.uploadUrl).toBe(reportedUrl);
    expect(result.versionNumber).toBe(1);
    expect(digest(await fileBytes(client, result.fileId))).toBe(digest(data));
    expect(methods.filter((m) => m === 'HEAD')).toHaveLength(1);
    expect(progress.at(-1)).toBe(data.length);
  });

  it('continues an upload another process started, from its uploadUrl', async () => {
    const data = randomData(2 * MiB + 11);
    const sdk = new CofferClient({ baseUrl: server.url, token: client.token });
    let url = '';
    const controller = new AbortController();
    await expect(
      sdk.uploadResumable({ parentId: rootId, name: 'handover.bin' }, data, {
        chunkSize: MiB,
        signal: controller.signal,
        onUploadUrl: (u) => (url = u),
        onProgress: () => controller.abort(),
      }),
    ).rejects.toThrow();
    const result = await sdk.uploadResumable({ parentId: rootId, name: 'handover.bin' }, data, { uploadUrl: url, chunkSize: MiB });
    expect(digest(await fileBytes(client, result.fileId))).toBe(digest(data));
  });
});
