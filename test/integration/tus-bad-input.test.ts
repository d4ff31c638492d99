import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { countBlobObjects, createUser, KiB, listNames, makeFolder, MiB, randomData, uploadFile } from '../support/integration-helpers.js';
import { tusCreate, tusMetadata, tusOffset, tusPatch, tusRequest } from '../support/tus-helpers.js';

/** Every malformed or hostile tus request gets its status, and nothing is appended. */
describe.each(testDialects())('tus bad input on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let rootId: string;
  let folder: string;

  beforeAll(async () => {
    ({ server, client, rootId } = await startSignedIn(dialect));
    folder = await makeFolder(client, rootId, 'bad');
  });
  afterAll(async () => server?.close());

  const started = async (name: string, length: number, sent: number) => {
    const path = await tusCreate(client, folder, name, length);
    if (sent > 0) expect((await tusPatch(client, path, 0, randomData(sent))).status).toBe(204);
    return path;
  };

  it('a request without Tus-Resumable gets 412 and the supported version', async () => {
    const response = await fetch(`${server.api}/uploads`, { method: 'POST', headers: client.headers({ 'upload-length': '3' }) });
    expect(response.status).toBe(412);
    expect(response.headers.get('tus-version')).toBe('1.0.0');
    const path = await started('no-version.bin', 100, 10);
    const patch = await fetch(server.api + path, {
      method: 'PATCH',
      headers: client.headers({ 'upload-offset': '10', 'content-type': 'application/offset+octet-stream' }),
      body: 'abc',
    });
    expect(patch.status).toBe(412);
    expect(await tusOffset(client, path)).toBe(10);
  });

  it('a PATCH at a wrong offset gets 409, and the upload keeps its offset', async () => {
    const path = await started('offset.bin', 100 * KiB, 20 * KiB);
    for (const offset of [0, 20 * KiB - 1, 20 * KiB + 1]) expect((await tusPatch(client, path, offset, randomData(KiB))).status).toBe(409);
    expect(await tusOffset(client, path)).toBe(20 * KiB);
  });

  it('a PATCH with a wrong checksum gets 460 and appends nothing, even past a full object', async () => {
    const path = await started('checksum.bin', 10 * MiB, 1000);
    const before = countBlobObjects(server.config.blobDir);
    const body = randomData(5 * MiB);
    const wrong = createHash('sha256').update('something else').digest('base64');
    expect((await tusPatch(client, path, 1000, body, { 'upload-checksum': `sha256 ${wrong}` })).status).toBe(460);
    expect(await tusOffset(client, path)).toBe(1000);
    expect(countBlobObjects(server.config.blobDir)).toBe(before);
    const right = createHash('sha1').update(body).digest('base64');
    expect((await tusPatch(client, path, 1000, body, { 'upload-checksum': `sha1 ${right}` })).status).toBe(204);
    expect(await tusOffset(client, path)).toBe(1000 + body.length);
  });

  it('an unknown checksum algorithm or a malformed checksum header gets 400', async () => {
    const path = await started('algorithm.bin', 100, 0);
    expect((await tusPatch(client, path, 0, Buffer.from('abc'), { 'upload-checksum': 'md5 kAFQmDzST7DWlj99KOF/cg==' })).status).toBe(400);
    expect((await tusPatch(client, path, 0, Buffer.from('abc'), { 'upload-checksum': 'sha1' })).status).toBe(400);
    expect(await tusOffset(client, path)).toBe(0);
  });

  it('a PATCH beyond the declared length gets 413 and appends nothing (declared or streamed)', async () => {
    const path = await started('too-long.bin', 64 * KiB, 16 * KiB);
    expect((await tusPatch(client, path, 16 * KiB, randomData(48 * KiB + 1))).status).toBe(413);
    expect(await tusOffset(client, path)).toBe(16 * KiB);
    // A chunked body declares no length: it is refused when it crosses the end, and nothing of it stays.
    const streamed = await fetch(server.api + path, {
      method: 'PATCH',
      headers: client.headers({ 'tus-resumable': '1.0.0', 'upload-offset': String(16 * KiB), 'content-type': 'application/offset+octet-stream' }),
      body: new Blob([randomData(60 * KiB)]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await tusOffset(client, path)).toBe(16 * KiB);
  });

  it('a PATCH with another content type gets 415', async () => {
    const path = await started('type.bin', 100, 0);
    expect((await tusPatch(client, path, 0, Buffer.from('abc'), { 'content-type': 'application/octet-stream' })).status).toBe(415);
    expect(await tusOffset(client, path)).toBe(0);
  });

  it("another user's upload is answered 404 like a missing one, for HEAD, PATCH and DELETE", async () => {
    const path = await started('mine.bin', 100, 10);
    const { client: other } = await createUser(client, `other-${dialect}@example.com`, 'another long password');
    expect((await tusRequest(other, 'HEAD', path)).status).toBe(404);
    expect((await tusPatch(other, path, 10, Buffer.from('abc'))).status).toBe(404);
    expect((await tusRequest(other, 'DELETE', path)).status).toBe(404);
    expect((await tusRequest(other, 'HEAD', '/uploads/doesnotexist')).status).toBe(404);
    expect(await tusOffset(client, path)).toBe(10);
    // Nor can anyone start an upload into someone else's folder.
    const answer = await tusRequest(other, 'POST', '/uploads', { 'upload-length': '3', 'upload-metadata': tusMetadata({ parentId: folder, filename: 'x' }) });
    expect(answer.status).toBe(404);
  });

  it('creation refuses a missing or deferred length, bad metadata, a bad name and a taken name', async () => {
    const meta = tusMetadata({ parentId: folder, filename: 'ok.bin' });
    const post = (headers: Record<string, string>) => tusRequest(client, 'POST', '/uploads', headers);
    expect((await post({ 'upload-metadata': meta })).status).toBe(400);
    expect((await post({ 'upload-defer-length': '1', 'upload-metadata': meta })).status).toBe(400);
    expect((await post({ 'upload-length': '-1', 'upload-metadata': meta })).status).toBe(400);
    expect((await post({ 'upload-length': '3', 'upload-metadata': 'parentId !!!' })).status).toBe(400);
    expect((await post({ 'upload-length': '3', 'upload-metadata': tusMetadata({ filename: 'x' }) })).status).toBe(400);
    expect((await post({ 'upload-length': '3', 'upload-metadata': tusMetadata({ parentId: folder, filename: 'a/b' }) })).status).toBe(400);
    expect((await post({ 'upload-length': '3', 'upload-metadata': tusMetadata({ parentId: folder, filename: 'x', onConflict: 'replace' }) })).status).toBe(400);
    expect((await post({ 'upload-length': String(2 ** 41), 'upload-metadata': meta })).status).toBe(413);
    await uploadFile(client, folder, 'taken.bin', Buffer.from('x'));
    expect((await post({ 'upload-length': '3', 'upload-metadata': tusMetadata({ parentId: folder, filename: 'taken.bin' }) })).status).toBe(409);
    const withBody = await tusRequest(
      client,
      'POST',
      '/uploads',
      { 'upload-length': '3', 'upload-metadata': meta, 'content-type': 'text/plain' },
      Buffer.from('abc'),
    );
    expect(withBody.status).toBe(415);
    expect(await listNames(client, folder)).not.toContain('ok.bin');
  });

  it("the owner's quota applies to the declared length, counting other unfinished uploads", async () => {
    const { client: small } = await createUser(client, `small-${dialect}@example.com`, 'another long password', { quotaBytes: MiB });
    const home = (await small.json('GET', '/me')).body.rootFolderId as string;
    const create = (name: string, length: number) =>
      tusRequest(small, 'POST', '/uploads', { 'upload-length': String(length), 'upload-metadata': tusMetadata({ parentId: home, filename: name }) });
    expect((await create('big.bin', MiB + 1)).status).toBe(507);
    expect((await create('first.bin', 600 * KiB)).status).toBe(201);
    expect((await create('second.bin', 600 * KiB)).status).toBe(507);
  });

  it('a name taken while the upload ran fails the commit with 409 and leaves nothing behind', async () => {
    const path = await started('race.bin', 5 * MiB, 0);
    const before = countBlobObjects(server.config.blobDir);
    await uploadFile(client, folder, 'race.bin', Buffer.from('first'));
    const objectsAfterRival = countBlobObjects(server.config.blobDir);
    expect(objectsAfterRival).toBeGreaterThan(before);
    expect((await tusPatch(client, path, 0, randomData(5 * MiB))).status).toBe(409);
    expect((await tusRequest(client, 'HEAD', path)).status).toBe(404);
    expect(countBlobObjects(server.config.blobDir)).toBe(objectsAfterRival);
  });
});
