import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import {
  countBlobObjects,
  countBlobTempFiles,
  createUser,
  expectError,
  fileBytes,
  listNames,
  makeFolder,
  MiB,
  postForm,
  randomChunks,
  randomData,
  settle,
  streamUpload,
  uploadFile,
  usedBytes,
} from '../support/integration-helpers.js';

/** Quotas and usage: set by an administrator, enforced before and during uploads, given back on purge. */
describe.each(testDialects())('quota and usage on %s', (dialect) => {
  let server: TestServer;
  let admin: TestClient;
  let user: TestClient;
  let userId: string;
  let rootId: string;

  const setQuota = async (quotaBytes: number) => {
    const updated = await admin.json('PATCH', `/users/${userId}`, { quotaBytes });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ id: userId, quotaBytes });
  };

  /** Asserts that a refused upload left no trace: usage, listing and stored objects as before. */
  const expectNothingStored = async (folderId: string, before: { used: number; names: string[]; objects: number }) => {
    expect(await usedBytes(user)).toBe(before.used);
    expect(await listNames(user, folderId)).toEqual(before.names);
    expect(await settle(() => countBlobObjects(server.config.blobDir), before.objects)).toBe(before.objects);
    expect(await settle(() => countBlobTempFiles(server.config.blobDir), 0)).toBe(0);
  };
  const snapshot = async (folderId: string) => ({
    used: await usedBytes(user),
    names: await listNames(user, folderId),
    objects: countBlobObjects(server.config.blobDir),
  });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = new TestClient(server.api);
    await admin.signIn(adminEmail, adminPassword);
    const created = await createUser(admin, 'quota@example.com', 'quota user password');
    user = created.client;
    userId = created.user.id;
    rootId = created.user.rootFolderId;
  });
  afterAll(async () => server?.close());

  it('lets an administrator set the quota, which /me reports; others may not', async () => {
    await setQuota(6 * MiB);
    const me = await user.json('GET', '/me');
    expect(me.body).toMatchObject({ id: userId, quotaBytes: 6 * MiB, usedBytes: 0 });
    expectError(await user.json('PATCH', `/users/${userId}`, { quotaBytes: 0 }), 403, 'auth.forbidden');
    expectError(await admin.json('PATCH', `/users/${userId}`, { quotaBytes: -1 }), 400, 'request.invalid');
    expect((await user.json('GET', '/me')).body.quotaBytes).toBe(6 * MiB);
  });

  it('counts uploads and versions in usage, and gives the space back only on purge', async () => {
    await setQuota(6 * MiB);
    const folder = await makeFolder(user, rootId, 'usage');
    const start = await usedBytes(user);
    const file = await uploadFile(user, folder, 'a.bin', randomData(1000));
    expect(await usedBytes(user)).toBe(start + 1000);
    const version = await user.upload(folder, 'a.bin', randomData(500), { onConflict: 'version' });
    expect(version.status).toBe(200);
    expect(await usedBytes(user)).toBe(start + 1500);
    const other = await uploadFile(user, folder, 'b.bin', randomData(2000));
    expect(await usedBytes(user)).toBe(start + 3500);

    expect((await user.json('DELETE', `/nodes/${file.id}`)).status).toBe(200);
    expect(await usedBytes(user)).toBe(start + 3500);
    expect((await user.json('DELETE', `/trash/${file.id}`)).status).toBe(204);
    expect(await usedBytes(user)).toBe(start + 2000);
    expect((await user.json('DELETE', `/nodes/${folder}`)).status).toBe(200);
    expect((await user.json('DELETE', '/trash')).body).toEqual({ purged: 1 });
    expect(await usedBytes(user)).toBe(start);
    expectError(await user.json('GET', `/nodes/${other.id}`), 404, 'node.not_found');
  });

  it('accepts an upload that exactly fills the quota and refuses one more byte', async () => {
    await setQuota(6 * MiB);
    const folder = await makeFolder(user, rootId, 'exact');
    const used = await usedBytes(user);
    const filler = await uploadFile(user, folder, 'filler.bin', randomData(6 * MiB - used));
    expect(await usedBytes(user)).toBe(6 * MiB);
    const before = await snapshot(folder);
    expectError(await user.upload(folder, 'one-more.bin', 'x'), 507, 'quota.exceeded');
    expectError(await user.upload(folder, 'filler.bin', 'x', { onConflict: 'version' }), 507, 'quota.exceeded');
    expectError(await user.json('POST', `/nodes/${filler.id}/copy`, { parentId: rootId }), 507, 'quota.exceeded');
    await expectNothingStored(folder, before);
    // An empty file costs nothing.
    expect((await user.upload(folder, 'empty.txt', '')).status).toBe(201);
    await user.json('DELETE', `/nodes/${folder}`);
    await user.json('DELETE', `/trash/${folder}`);
    expect(await usedBytes(user)).toBe(used);
  });

  it('refuses an upload whose Content-Length exceeds the quota before storing anything', async () => {
    await setQuota((await usedBytes(user)) + 5 * MiB);
    const folder = await makeFolder(user, rootId, 'declared');
    const before = await snapshot(folder);
    const response = await user.upload(folder, 'too-big.bin', randomData(6 * MiB));
    expectError(response, 507, 'quota.exceeded');
    await expectNothingStored(folder, before);
    // The account still works normally afterwards.
    const small = await uploadFile(user, folder, 'small.bin', 'fits');
    expect((await fileBytes(user, small.id)).toString()).toBe('fits');
  });

  it('stops a streamed upload without Content-Length when it passes the quota, and keeps nothing', async () => {
    await setQuota((await usedBytes(user)) + 5 * MiB);
    const folder = await makeFolder(user, rootId, 'streamed');
    const before = await snapshot(folder);
    // 12 MiB in 1 MiB pieces: a full 4 MiB object is written before the quota is reached.
    const response = await streamUpload(`${server.api}/files?parentId=${folder}&name=stream.bin`, user.headers(), randomChunks(12, MiB));
    expect(response.error).toBeUndefined();
    expectError(response, 507, 'quota.exceeded');
    // The rest of the body is never read, so the server must not keep the connection for another request.
    expect(response.headers?.connection).toBe('close');
    await expectNothingStored(folder, before);

    // A streamed upload that fits is stored whole.
    const pieces = [...randomChunks(3, MiB)];
    const fits = await streamUpload(`${server.api}/files?parentId=${folder}&name=fits.bin`, user.headers(), pieces);
    expect(fits.status, JSON.stringify(fits.body)).toBe(201);
    expect((await fileBytes(user, fits.body.id)).equals(Buffer.concat(pieces))).toBe(true);
    expect(await usedBytes(user)).toBe(before.used + 3 * MiB);
  });

  it('applies the quota to multipart form uploads too, answering while the form is still being sent', async () => {
    await setQuota((await usedBytes(user)) + 5 * MiB);
    const folder = await makeFolder(user, rootId, 'form-quota');
    const before = await snapshot(folder);
    const response = await postForm(user, [
      { name: 'parentId', value: folder },
      { name: 'file', filename: 'huge.bin', data: randomData(12 * MiB) },
    ]);
    expectError(response, 507, 'quota.exceeded');
    await expectNothingStored(folder, before);
  });

  it('refuses a folder copy that would pass the quota without leaving a partial copy behind', async () => {
    const folder = await makeFolder(user, rootId, 'copy-source');
    const inner = await makeFolder(user, folder, 'inner');
    await uploadFile(user, folder, 'a.bin', randomData(20_000));
    await uploadFile(user, inner, 'b.bin', randomData(20_000));
    await uploadFile(user, folder, 'c.bin', randomData(20_000));
    const target = await makeFolder(user, rootId, 'copy-target');
    await setQuota((await usedBytes(user)) + 30_000);
    const before = await snapshot(target);
    expectError(await user.json('POST', `/nodes/${folder}/copy`, { parentId: target }), 507, 'quota.exceeded');
    await expectNothingStored(target, before);
    expect(await listNames(user, folder)).toEqual(['inner', 'a.bin', 'c.bin']);
  });

  it('treats a quota of 0 as unlimited', async () => {
    await setQuota(0);
    const folder = await makeFolder(user, rootId, 'unlimited');
    const used = await usedBytes(user);
    await uploadFile(user, folder, 'big.bin', randomData(7 * MiB));
    expect(await usedBytes(user)).toBe(used + 7 * MiB);
    expect((await user.json('GET', '/me')).body.quotaBytes).toBe(0);
  });
});
