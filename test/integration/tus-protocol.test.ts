import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passphraseHeader, type TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { fileBytes, KiB, listNames, makeFolder, MiB, randomData, rawFetch, uploadFile, usedBytes } from '../support/integration-helpers.js';
import { digest, tusCreate, tusMetadata, tusOffset, tusPatch, tusRequest } from '../support/tus-helpers.js';

/** tus 1.0.0 at /api/v1/uploads: discovery, creation, appends in pieces, creation-with-upload, checksums, termination. */
describe.each(testDialects())('tus uploads on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let rootId: string;
  let folder: string;

  beforeAll(async () => {
    ({ server, client, rootId } = await startSignedIn(dialect, process.env.TUS_DEBUG ? { COFFER_LOG_LEVEL: 'info' } : {}));
    folder = await makeFolder(client, rootId, 'tus');
  });
  afterAll(async () => server?.close());

  it('OPTIONS advertises the version, extensions, maximum size and checksum algorithms without authentication', async () => {
    const response = await fetch(`${server.api}/uploads`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('tus-resumable')).toBe('1.0.0');
    expect(response.headers.get('tus-version')).toBe('1.0.0');
    expect(response.headers.get('tus-extension')?.split(',')).toEqual(['creation', 'creation-with-upload', 'termination', 'checksum', 'expiration']);
    expect(Number(response.headers.get('tus-max-size'))).toBe(2 ** 40);
    expect(response.headers.get('tus-checksum-algorithm')).toBe('sha1,sha256');
  });

  it('creates an upload, takes it in pieces that end mid-chunk, and commits the file on the last byte', async () => {
    const data = randomData(9 * MiB + 12_345);
    const path = await tusCreate(client, folder, 'pieces.bin', data.length);
    expect(path).toMatch(/^\/uploads\/[A-Za-z0-9_-]+$/);
    const head = await tusRequest(client, 'HEAD', path);
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('0');
    expect(head.headers.get('upload-length')).toBe(String(data.length));
    expect(head.headers.get('cache-control')).toBe('no-store');
    expect(Date.parse(head.headers.get('upload-expires') ?? '')).toBeGreaterThan(Date.now() + 23 * 3600_000);
    // Not visible before the last byte.
    expect(await listNames(client, folder)).not.toContain('pieces.bin');

    const cuts = [0, 1, 16 * KiB + 3, 4 * MiB - 5, 4 * MiB + 16 * KiB, 8 * MiB + 1, data.length];
    let fileId: string | null = null;
    for (let i = 1; i < cuts.length; i++) {
      const answer = await tusPatch(client, path, cuts[i - 1]!, data.subarray(cuts[i - 1], cuts[i]));
      expect(answer.status).toBe(204);
      expect(answer.headers.get('upload-offset')).toBe(String(cuts[i]));
      if (i < cuts.length - 1) expect(await tusOffset(client, path)).toBe(cuts[i]);
      fileId = answer.headers.get('coffer-file-id');
    }
    expect(fileId).toBeTruthy();
    expect(digest(await fileBytes(client, fileId!))).toBe(digest(data));
    expect(await listNames(client, folder)).toContain('pieces.bin');
    // The upload resource is gone once committed.
    expect((await tusRequest(client, 'HEAD', path)).status).toBe(404);
    expect((await tusPatch(client, path, data.length, Buffer.from('x'))).status).toBe(404);
  });

  it.each([
    ['exactly one object', 4 * MiB],
    ['exactly one chunk', 16 * KiB],
    ['one byte', 1],
    ['empty', 0],
  ])('creation-with-upload sends the whole file (%s) in the POST', async (label, size) => {
    const data = randomData(size);
    const answer = await tusRequest(
      client,
      'POST',
      '/uploads',
      {
        'upload-length': String(size),
        'upload-metadata': tusMetadata({ parentId: folder, filename: `whole-${label}.bin` }),
        'content-type': 'application/offset+octet-stream',
      },
      data,
    );
    expect(answer.status).toBe(201);
    expect(answer.headers.get('upload-offset')).toBe(String(size));
    const fileId = answer.headers.get('coffer-file-id');
    expect(fileId).toBeTruthy();
    expect(digest(await fileBytes(client, fileId!))).toBe(digest(data));
  });

  it('creation-with-upload may send only the start; the rest follows in a PATCH', async () => {
    const data = randomData(5 * MiB + 7);
    const first = await tusRequest(
      client,
      'POST',
      '/uploads',
      { 'upload-length': String(data.length), 'upload-metadata': tusMetadata({ parentId: folder, filename: 'start.bin' }) },
      data.subarray(0, 3 * MiB + 1),
    );
    expect(first.status).toBe(201);
    expect(first.headers.get('upload-offset')).toBe(String(3 * MiB + 1));
    const path = first.headers.get('location')!.replace('/api/v1', '');
    const last = await tusPatch(client, path, 3 * MiB + 1, data.subarray(3 * MiB + 1));
    expect(last.status).toBe(204);
    expect(digest(await fileBytes(client, last.headers.get('coffer-file-id')!))).toBe(digest(data));
  });

  it.each(['sha1', 'sha256'])('accepts a PATCH whose %s Upload-Checksum matches', async (algorithm) => {
    const data = randomData(40 * KiB);
    const path = await tusCreate(client, folder, `checked-${algorithm}.bin`, data.length);
    const sum = createHash(algorithm).update(data).digest('base64');
    const answer = await tusPatch(client, path, 0, data, { 'upload-checksum': `${algorithm} ${sum}` });
    expect(answer.status).toBe(204);
    expect(digest(await fileBytes(client, answer.headers.get('coffer-file-id')!))).toBe(digest(data));
  });

  it('a new version through onConflict=version, and the quota counts the committed size once', async () => {
    const first = randomData(100 * KiB);
    const id = (await uploadFile(client, folder, 'versioned.bin', first)).id as string;
    const used = await usedBytes(client);
    const second = randomData(300 * KiB + 1);
    const path = await tusCreate(client, folder, 'versioned.bin', second.length, {}, { onConflict: 'version' });
    const answer = await tusPatch(client, path, 0, second);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('coffer-file-id')).toBe(id);
    expect(answer.headers.get('coffer-version')).toBe('2');
    expect(digest(await fileBytes(client, id))).toBe(digest(second));
    expect(await usedBytes(client)).toBe(used + second.length);
  });

  it('a Coffer-Passphrase header at creation protects the new file like the plain upload route does', async () => {
    const data = randomData(20 * KiB + 1);
    const path = await tusCreate(client, folder, 'protected.bin', data.length, passphraseHeader('tus passphrase'));
    const answer = await tusPatch(client, path, 0, data);
    expect(answer.status).toBe(204);
    const id = answer.headers.get('coffer-file-id')!;
    expect((await client.json('GET', `/nodes/${id}`)).body.passphraseProtected).toBe(true);
    expect((await rawFetch(client, 'GET', `/files/${id}/content`)).status).toBe(403);
    expect(digest(await fileBytes(client, id, passphraseHeader('tus passphrase')))).toBe(digest(data));
  });

  it('termination deletes the upload and everything it stored; HEAD and PATCH then answer 404', async () => {
    const data = randomData(6 * MiB);
    const path = await tusCreate(client, folder, 'terminated.bin', data.length + 10);
    expect((await tusPatch(client, path, 0, data)).status).toBe(204);
    expect((await tusRequest(client, 'DELETE', path)).status).toBe(204);
    expect((await tusRequest(client, 'HEAD', path)).status).toBe(404);
    expect((await tusPatch(client, path, data.length, Buffer.from('x'))).status).toBe(404);
    expect((await tusRequest(client, 'DELETE', path)).status).toBe(404);
    expect(await listNames(client, folder)).not.toContain('terminated.bin');
  });

  it('a browser session may use tus with the X-Coffer-Request header, and is refused without it', async () => {
    const signIn = await fetch(`${server.api}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'correct horse battery staple', kind: 'browser' }),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/=/);
    const create = (extra: Record<string, string>) =>
      fetch(`${server.api}/uploads`, {
        method: 'POST',
        headers: {
          cookie,
          'tus-resumable': '1.0.0',
          'upload-length': '3',
          'upload-metadata': tusMetadata({ parentId: folder, filename: 'cookie.txt' }),
          ...extra,
        },
      });
    expect((await create({})).status).toBe(403);
    const created = await create({ 'x-coffer-request': '1' });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    const patch = await fetch(server.url + location, {
      method: 'PATCH',
      headers: { cookie, 'x-coffer-request': '1', 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: 'abc',
    });
    expect(patch.status).toBe(204);
    expect((await rawFetch(client, 'GET', `/files/${patch.headers.get('coffer-file-id')}/content`)).bytes.toString()).toBe('abc');
  });
});
