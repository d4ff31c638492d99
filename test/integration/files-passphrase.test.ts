import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passphraseHeader, TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { expectError, fileBytes, listNames, makeFolder, parseJson, postForm, randomData, rawFetch, sleep, uploadFile } from '../support/integration-helpers.js';

/** Files with their own passphrase (Coffer-Passphrase header, base64 of the UTF-8 passphrase). */
describe.each(testDialects())('passphrase-protected files on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let rootId: string;
  const passphrase = 'tr0ub4dor & ключ 🔑';

  beforeAll(async () => {
    ({ server, client, rootId } = await startSignedIn(dialect));
  });
  afterAll(async () => server?.close());

  it('needs the right passphrase to download', async () => {
    const folder = await makeFolder(client, rootId, 'locked');
    const data = randomData(40_000);
    const file = await uploadFile(client, folder, 'secret.bin', data, { passphrase });
    expect(file).toMatchObject({ passphraseProtected: true, size: data.length });
    expect((await client.json('GET', `/nodes/${file.id}`)).body.passphraseProtected).toBe(true);

    const missing = await client.download(file.id);
    expectError({ status: missing.status, body: parseJson(missing.bytes) }, 403, 'file.passphrase_required');
    const empty = await client.download(file.id, { 'coffer-passphrase': '' });
    expectError({ status: empty.status, body: parseJson(empty.bytes) }, 403, 'file.passphrase_required');
    const wrong = await client.download(file.id, passphraseHeader('tr0ub4dor & ключ'));
    expectError({ status: wrong.status, body: parseJson(wrong.bytes) }, 403, 'file.passphrase_invalid');
    const notBase64 = await client.download(file.id, { 'coffer-passphrase': 'not base64!' });
    expectError({ status: notBase64.status, body: parseJson(notBase64.bytes) }, 400, 'request.invalid');

    expect((await fileBytes(client, file.id, passphraseHeader(passphrase))).equals(data)).toBe(true);
    const range = await client.download(file.id, { ...passphraseHeader(passphrase), range: 'bytes=100-199' });
    expect(range.status).toBe(206);
    expect(range.bytes.equals(data.subarray(100, 200))).toBe(true);

    // An ordinary file next to it needs nothing.
    const plain = await uploadFile(client, folder, 'plain.txt', 'open');
    expect(plain.passphraseProtected).toBe(false);
    expect((await fileBytes(client, plain.id)).toString()).toBe('open');
  });

  it('requires the passphrase for a new version, which stays protected', async () => {
    const folder = await makeFolder(client, rootId, 'locked-versions');
    const file = await uploadFile(client, folder, 'diary.txt', 'day one', { passphrase });

    const viaRoute = async (headers: Record<string, string>, body: string) => {
      const response = await rawFetch(client, 'POST', `/files/${file.id}/versions`, { 'content-type': 'application/octet-stream', ...headers }, body);
      return { status: response.status, body: parseJson(response.bytes) };
    };
    expectError(await viaRoute({}, 'day two'), 403, 'file.passphrase_required');
    expectError(await viaRoute(passphraseHeader('wrong passphrase'), 'day two'), 403, 'file.passphrase_invalid');
    expectError(await client.upload(folder, 'diary.txt', 'day two', { onConflict: 'version' }), 403, 'file.passphrase_required');
    expect((await client.json('GET', `/files/${file.id}/versions`)).body.versions).toHaveLength(1);

    const second = await viaRoute(passphraseHeader(passphrase), 'day two');
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ id: file.id, versionNumber: 2, passphraseProtected: true });
    const third = await client.upload(folder, 'diary.txt', 'day three', { onConflict: 'version', passphrase });
    expect(third.status).toBe(200);
    expect(third.body.versionNumber).toBe(3);

    expectError(await client.download(file.id).then((r) => ({ status: r.status, body: parseJson(r.bytes) })), 403, 'file.passphrase_required');
    expect((await fileBytes(client, file.id, passphraseHeader(passphrase))).toString()).toBe('day three');
    const versions = (await client.json('GET', `/files/${file.id}/versions`)).body.versions;
    const first = versions.find((v: { number: number }) => v.number === 1);
    expect((await fileBytes(client, file.id, passphraseHeader(passphrase), `?version=${first.id}`)).toString()).toBe('day one');
    expectError(
      await client.download(file.id, {}, `?version=${first.id}`).then((r) => ({ status: r.status, body: parseJson(r.bytes) })),
      403,
      'file.passphrase_required',
    );
  });

  it('keeps working after the file, or a folder holding it, is moved or renamed', async () => {
    const base = await makeFolder(client, rootId, 'locked-move');
    const source = await makeFolder(client, base, 'from');
    const target = await makeFolder(client, base, 'to');
    const data = randomData(20_000);
    const file = await uploadFile(client, source, 'vault.bin', data, { passphrase });

    expect((await client.json('PATCH', `/nodes/${file.id}`, { parentId: target, name: 'vault-moved.bin' })).status).toBe(200);
    expect((await fileBytes(client, file.id, passphraseHeader(passphrase))).equals(data)).toBe(true);
    const without = await client.download(file.id);
    expectError({ status: without.status, body: parseJson(without.bytes) }, 403, 'file.passphrase_required');
    const wrong = await client.download(file.id, passphraseHeader('guess'));
    expectError({ status: wrong.status, body: parseJson(wrong.bytes) }, 403, 'file.passphrase_invalid');

    expect((await client.json('PATCH', `/nodes/${target}`, { parentId: source })).status).toBe(200);
    expect((await fileBytes(client, file.id, passphraseHeader(passphrase))).equals(data)).toBe(true);
  });

  it('copies a protected file only with its passphrase, and the copy keeps it', async () => {
    const folder = await makeFolder(client, rootId, 'locked-copy');
    const file = await uploadFile(client, folder, 'original.txt', 'copy me', { passphrase });
    expectError(await client.json('POST', `/nodes/${file.id}/copy`, { parentId: folder, name: 'copy.txt' }), 403, 'file.passphrase_required');
    const copy = await client.json('POST', `/nodes/${file.id}/copy`, { parentId: folder, name: 'copy.txt' }, passphraseHeader(passphrase));
    expect(copy.status).toBe(201);
    expect(copy.body.passphraseProtected).toBe(true);
    const copyWithout = await client.download(copy.body.id);
    expectError({ status: copyWithout.status, body: parseJson(copyWithout.bytes) }, 403, 'file.passphrase_required');
    expect((await fileBytes(client, copy.body.id, passphraseHeader(passphrase))).toString()).toBe('copy me');
  });

  it('copies a folder holding a protected file only with the passphrase, leaving nothing behind otherwise', async () => {
    const base = await makeFolder(client, rootId, 'locked-folder-copy');
    const source = await makeFolder(client, base, 'mixed');
    await uploadFile(client, source, 'plain-1.txt', 'plain one');
    await uploadFile(client, source, 'locked.txt', 'locked', { passphrase });
    await uploadFile(client, source, 'plain-2.txt', 'plain two');
    const target = await makeFolder(client, base, 'target');

    expectError(await client.json('POST', `/nodes/${source}/copy`, { parentId: target }), 403, 'file.passphrase_required');
    expect(await listNames(client, target)).toEqual([]);
    const copy = await client.json('POST', `/nodes/${source}/copy`, { parentId: target }, passphraseHeader(passphrase));
    expect(copy.status).toBe(201);
    expect(await listNames(client, copy.body.id)).toEqual(['locked.txt', 'plain-1.txt', 'plain-2.txt']);
  });

  it('takes the passphrase from a multipart field', async () => {
    const folder = await makeFolder(client, rootId, 'locked-form');
    const response = await postForm(client, [
      { name: 'parentId', value: folder },
      { name: 'passphrase', value: 'form passphrase' },
      { name: 'file', filename: 'form.txt', data: 'from a form' },
    ]);
    expect(response.status).toBe(201);
    expect(response.body.items[0].passphraseProtected).toBe(true);
    expect((await fileBytes(client, response.body.items[0].id, passphraseHeader('form passphrase'))).toString()).toBe('from a form');
  });

  it('rate-limits wrong passphrases per file after five free failures', async () => {
    const folder = await makeFolder(client, rootId, 'locked-limit');
    const file = await uploadFile(client, folder, 'target.txt', 'guarded', { passphrase });
    const other = await uploadFile(client, folder, 'other.txt', 'unaffected', { passphrase });

    const statuses: string[] = [];
    let limited: { status: number; headers: Headers; bytes: Buffer } | undefined;
    for (let attempt = 0; attempt < 10 && !limited; attempt++) {
      const response = await client.download(file.id, passphraseHeader(`guess ${attempt}`));
      const code = parseJson(response.bytes)?.error?.code as string;
      statuses.push(`${response.status} ${code}`);
      if (response.status === 429) limited = response;
    }
    expect(statuses.slice(0, 5)).toEqual(Array(5).fill('403 file.passphrase_invalid'));
    expect(limited, statuses.join(', ')).toBeDefined();
    expectError({ status: limited!.status, body: parseJson(limited!.bytes) }, 429, 'auth.rate_limited');
    const retryAfter = Number(limited!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);

    // While blocked even the right passphrase is refused; another file is not affected.
    const blocked = await client.download(file.id, passphraseHeader(passphrase));
    expect(blocked.status).toBe(429);
    expect((await fileBytes(client, other.id, passphraseHeader(passphrase))).toString()).toBe('unaffected');

    await sleep(retryAfter * 1000 + 100);
    expect((await fileBytes(client, file.id, passphraseHeader(passphrase))).toString()).toBe('guarded');
  });
});
