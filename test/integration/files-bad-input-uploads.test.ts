import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import {
  countBlobObjects,
  countBlobTempFiles,
  expectError,
  fileBytes,
  listNames,
  makeFolder,
  MiB,
  parseJson,
  postForm,
  randomChunks,
  randomData,
  rawExchange,
  rawFetch,
  settle,
  sleep,
  statusesIn,
  streamUpload,
  usedBytes,
} from '../support/integration-helpers.js';

/** Uploads that go wrong on the wire: cut off, mis-declared or malformed. None may leave anything behind. */
describe.each(testDialects())('broken uploads on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let rootId: string;

  beforeAll(async () => {
    ({ server, client, rootId } = await startSignedIn(dialect));
  });
  afterAll(async () => server?.close());

  const objects = () => countBlobObjects(server.config.blobDir);
  const snapshot = async (folder: string) => ({ used: await usedBytes(client), names: await listNames(client, folder), objects: objects() });
  /**
   * Waits until the server has dealt with the broken upload (the object count is back where it was and stays
   * there: the server handles a few MiB in far less than the pause), then checks that nothing of it remains.
   */
  const expectNothingLeft = async (folder: string, before: { used: number; names: string[]; objects: number }) => {
    await settle(objects, before.objects);
    await sleep(400);
    expect(await settle(objects, before.objects)).toBe(before.objects);
    expect(await settle(() => countBlobTempFiles(server.config.blobDir), 0)).toBe(0);
    expect(await listNames(client, folder)).toEqual(before.names);
    expect(await usedBytes(client)).toBe(before.used);
  };
  const uploadHead = (folder: string, name: string, contentLength: number, extra = '') =>
    Buffer.from(
      `POST /api/v1/files?parentId=${folder}&name=${encodeURIComponent(name)} HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\n` +
        `Authorization: Bearer ${client.token}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${contentLength}\r\n${extra}\r\n`,
    );

  it.each([
    ['3 MiB', 3 * MiB],
    ['9 MiB (two full objects already stored)', 9 * MiB],
  ])('keeps nothing when the client disconnects after %s of a declared 10 MiB', async (_label, sent) => {
    const folder = await makeFolder(client, rootId, `disconnect ${sent}`);
    const before = await snapshot(folder);
    const result = await streamUpload(`${server.api}/files?parentId=${folder}&name=cut.bin`, client.headers(), randomChunks(10, MiB), {
      contentLength: 10 * MiB,
      abortAfterBytes: sent,
    });
    expect(result.status).toBeUndefined();
    await expectNothingLeft(folder, before);
    // The server is fine afterwards.
    expect((await client.upload(folder, 'cut.bin', 'complete')).status).toBe(201);
  });

  it('keeps nothing when the body ends before the declared Content-Length', async () => {
    const folder = await makeFolder(client, rootId, 'short body');
    const before = await snapshot(folder);
    const raw = await rawExchange(server.url, [uploadHead(folder, 'short.bin', 6 * MiB), randomData(5 * MiB)], { halfClose: true });
    expect(statusesIn(raw)).toEqual([400]);
    await expectNothingLeft(folder, before);
  });

  it('never stores bytes beyond the declared Content-Length', async () => {
    const folder = await makeFolder(client, rootId, 'long body');
    const declared = randomData(100);
    // The extra bytes are a complete second request: HTTP/1.1 reads them as exactly that.
    const pipelined = await rawExchange(server.url, [
      uploadHead(folder, 'long.bin', 100),
      declared,
      Buffer.from(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    ]);
    expect(statusesIn(pipelined)).toEqual([201, 200]);
    const [node] = (await client.json('GET', `/folders/${folder}/children`)).body.items;
    expect(node).toMatchObject({ name: 'long.bin', size: 100 });
    expect((await fileBytes(client, node.id)).equals(declared)).toBe(true);

    // Extra bytes that are not a request are refused as such; whatever was stored is exactly the declared body.
    const junk = randomData(100);
    const usedBefore = await usedBytes(client);
    const raw = await rawExchange(
      server.url,
      [Buffer.concat([uploadHead(folder, 'junk.bin', 100), junk, Buffer.from('this is not an HTTP request\r\n\r\n')])],
      { halfClose: true },
    );
    expect(statusesIn(raw)).toContain(400);
    await sleep(300);
    const stored = (await client.json('GET', `/folders/${folder}/children`)).body.items.find((item: { name: string }) => item.name === 'junk.bin');
    if (stored) expect((await fileBytes(client, stored.id)).equals(junk)).toBe(true);
    expect(await usedBytes(client)).toBe(usedBefore + (stored ? 100 : 0));
  });

  describe('multipart forms', () => {
    let folder: string;
    let before: { used: number; names: string[]; objects: number };
    beforeAll(async () => {
      folder = await makeFolder(client, rootId, 'forms');
    });
    const send = async (contentType: string, body: string | Buffer) => {
      const response = await rawFetch(client, 'POST', '/files/form', { 'content-type': contentType }, body);
      return { status: response.status, body: parseJson(response.bytes) };
    };

    it('refuses malformed multipart bodies with request.malformed_multipart', async () => {
      before = await snapshot(folder);
      const fields = `--b0undary\r\nContent-Disposition: form-data; name="parentId"\r\n\r\n${folder}\r\n`;
      expectError(await send('multipart/form-data', fields), 400, 'request.malformed_multipart');
      expectError(await send('multipart/form-data; boundary=b0undary', 'complete garbage without any boundary'), 400, 'request.malformed_multipart');
      expectError(
        await send(
          'multipart/form-data; boundary=b0undary',
          `${fields}--b0undary\r\nContent-Disposition: form-data; name="file"; filename="cut.txt"\r\n\r\nno closing boundary`,
        ),
        400,
        'request.malformed_multipart',
      );
      expectError(await send('multipart/form-data; boundary=other', `${fields}--b0undary--\r\n`), 400, 'request.malformed_multipart');
      const truncated = Buffer.concat([
        Buffer.from(`${fields}--b0undary\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n\r\n`),
        randomData(5 * MiB),
      ]);
      expectError(await send('multipart/form-data; boundary=b0undary', truncated), 400, 'request.malformed_multipart');
      await expectNothingLeft(folder, before);
    });

    it('refuses forms without a usable parentId before the files, or without files', async () => {
      before = await snapshot(folder);
      expectError(
        await postForm(client, [
          { name: 'file', filename: 'early.txt', data: 'too early' },
          { name: 'parentId', value: folder },
        ]),
        400,
        'request.invalid',
      );
      expectError(
        await postForm(client, [
          { name: 'parentId', value: 'not-an-id' },
          { name: 'file', filename: 'a.txt', data: 'x' },
        ]),
        400,
        'request.invalid',
      );
      expectError(await postForm(client, [{ name: 'parentId', value: folder }]), 400, 'request.invalid');
      expectError(
        await postForm(client, [
          { name: 'parentId', value: folder },
          { name: 'file', filename: '..', data: 'x' },
        ]),
        400,
        'node.name_invalid',
      );
      expectError(await send('text/plain', 'parentId=x'), 415, 'request.unsupported_media_type');
      expectError(await send('application/json', JSON.stringify({ parentId: folder })), 415, 'request.unsupported_media_type');
      await expectNothingLeft(folder, before);
    });

    it('keeps nothing when the client disconnects in the middle of a form', async () => {
      before = await snapshot(folder);
      const boundary = 'cut-boundary-1234';
      const contentType = `multipart/form-data; boundary=${boundary}`;
      const opening = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="parentId"\r\n\r\n${folder}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.bin"\r\n\r\n`,
      );
      const chunks = [opening, ...randomChunks(9, MiB)];
      const result = await streamUpload(`${server.api}/files/form`, client.headers({ 'content-type': contentType }), chunks, {
        abortAfterBytes: opening.length + 9 * MiB,
      });
      expect(result.status).toBeUndefined();
      await expectNothingLeft(folder, before);
    });
  });
});
