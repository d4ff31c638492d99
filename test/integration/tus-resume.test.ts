import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { countBlobObjects, fileBytes, makeFolder, MiB, randomData, settle, sleep } from '../support/integration-helpers.js';
import { describeFindings, marker, needlesFor, scanTree, textSecret } from '../support/secret-scanner.js';
import { digest, tusCreate, tusOffset, tusPatch, tusPatchThenDisconnect, tusRequest } from '../support/tus-helpers.js';

/** File content whose plaintext a disk scan would find: a marker repeated among random bytes. */
function markedData(size: number, text: string): Buffer {
  const pieces: Buffer[] = [];
  for (let total = 0; total < size; total += text.length + 100) pieces.push(Buffer.from(text), randomData(100));
  return Buffer.concat(pieces).subarray(0, size);
}

/** Resuming after a client disconnects and after the server restarts, with no plaintext on disk at any point. */
describe.each(testDialects())('tus resume on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let folder: string;

  beforeAll(async () => {
    let rootId: string;
    ({ server, client, rootId } = await startSignedIn(dialect));
    folder = await makeFolder(client, rootId, 'resume');
  });
  afterAll(async () => server?.close());

  const expectNoPlaintext = (secret: string) => {
    const scan = scanTree(server.dataDir, needlesFor([textSecret('content', secret)]));
    expect(scan.bytesScanned).toBeGreaterThan(4 * MiB);
    expect(scan.findings, describeFindings(scan.findings)).toEqual([]);
  };

  it('keeps what arrived before a client disconnect, encrypted, and resumes from the reported offset', async () => {
    const secret = marker('tus-disconnect');
    const data = markedData(12 * MiB + 777, secret);
    const path = await tusCreate(client, folder, 'disconnect.bin', data.length);
    const sent = 6 * MiB + 5000;
    await tusPatchThenDisconnect(server.url, client, path, 0, data.length, data.subarray(0, sent));
    // The server saves progress once it notices the client is gone; it may have read a little less than was sent.
    const offset = await settle(async () => ((await tusRequest(client, 'HEAD', path)).status === 200 ? tusOffset(client, path) : -1), sent, 10_000);
    expect(offset).toBeGreaterThan(4 * MiB);
    expect(offset).toBeLessThanOrEqual(sent);
    // A full object, a staging blob of sealed chunks and a sealed tail are stored: none shows the plaintext.
    expectNoPlaintext(secret);

    const answer = await tusPatch(client, path, offset, data.subarray(offset));
    expect(answer.status).toBe(204);
    expect(digest(await fileBytes(client, answer.headers.get('coffer-file-id')!))).toBe(digest(data));
    expectNoPlaintext(secret);
  });

  it('resumes after the server restarts, twice, on the same data folder and database', async () => {
    const secret = marker('tus-restart');
    const data = markedData(10 * MiB + 4321, secret);
    const path = await tusCreate(client, folder, 'restart.bin', data.length);
    const first = 5 * MiB + 1234;
    expect((await tusPatch(client, path, 0, data.subarray(0, first))).status).toBe(204);

    server = await server.restart();
    client = new TestClient(server.api, client.token);
    expect(await tusOffset(client, path)).toBe(first);
    await tusPatchThenDisconnect(server.url, client, path, first, data.length - first, data.subarray(first, 8 * MiB + 99));
    const second = await settle(() => tusOffset(client, path), 8 * MiB + 99, 10_000);
    expect(second).toBeGreaterThan(first);
    expectNoPlaintext(secret);

    server = await server.restart();
    client = new TestClient(server.api, client.token);
    expect(await tusOffset(client, path)).toBe(second);
    const answer = await tusPatch(client, path, second, data.subarray(second));
    expect(answer.status).toBe(204);
    expect(digest(await fileBytes(client, answer.headers.get('coffer-file-id')!))).toBe(digest(data));
  });
});

describe.each(testDialects())('tus expiry on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let folder: string;

  beforeAll(async () => {
    let rootId: string;
    ({ server, client, rootId } = await startSignedIn(dialect, { COFFER_UPLOAD_EXPIRY: '3s', COFFER_GC_GRACE_PERIOD: '1s' }));
    folder = await makeFolder(client, rootId, 'expiry');
  });
  afterAll(async () => server?.close());

  const objects = () => countBlobObjects(server.config.blobDir);
  const gc = () => server.running.services.gc;

  it('garbage collection spares an idle upload older than the grace period, and the upload still completes', async () => {
    const data = randomData(6 * MiB + 10);
    const path = await tusCreate(client, folder, 'idle.bin', data.length);
    const patched = await tusPatch(client, path, 0, data.subarray(0, 5 * MiB + 10));
    expect(Date.parse(patched.headers.get('upload-expires')!)).toBeGreaterThan(Date.now());
    const held = objects();
    await sleep(1200);
    await gc().run();
    expect(objects()).toBe(held);
    const answer = await tusPatch(client, path, 5 * MiB + 10, data.subarray(5 * MiB + 10));
    expect(answer.status).toBe(204);
    expect(digest(await fileBytes(client, answer.headers.get('coffer-file-id')!))).toBe(digest(data));
  });

  it('an expired upload answers 410, and garbage collection reclaims its objects and staging blob', async () => {
    const before = objects();
    const path = await tusCreate(client, folder, 'abandoned.bin', 8 * MiB);
    expect((await tusPatch(client, path, 0, randomData(5 * MiB + 10))).status).toBe(204);
    expect(objects()).toBe(before + 2);
    await sleep(3200);
    expect((await tusRequest(client, 'HEAD', path)).status).toBe(410);
    expect((await tusPatch(client, path, 5 * MiB + 10, randomData(10))).status).toBe(410);
    const report = await gc().run();
    expect(report.uploadsExpired).toBe(1);
    expect(objects()).toBe(before);
    expect((await tusRequest(client, 'HEAD', path)).status).toBe(404);
  });
});
