import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { createUser, expectError, parseJson, fileBytes, listNames, makeFolder, MiB, randomData, usedBytes } from '../support/integration-helpers.js';
import { openRawDatabase, type RawDatabase } from '../support/storage-tamper.js';

/** File requests: anyone with the upload link drops files; they arrive sealed to the owner until adopted. */
describe.each(testDialects())('file requests on %s', (dialect) => {
  let server: TestServer;
  let owner: TestClient;
  let ownerRoot: string;
  let raw: RawDatabase;

  beforeAll(async () => {
    let admin: TestClient;
    ({ server, client: admin } = await startSignedIn(dialect));
    ({ client: owner } = await createUser(admin, 'dana@example.com', 'dana password 1', { quotaBytes: 3 * MiB }));
    ownerRoot = (await owner.json('GET', '/me')).body.rootFolderId;
    raw = await openRawDatabase(server.config);
  });
  afterAll(async () => {
    await raw?.close();
    await server?.close();
  });

  async function drop(requestId: string, token: string, name: string, data: Uint8Array | string, password?: string) {
    const response = await fetch(`${server.api}/public/requests/${requestId}/files?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        'x-coffer-request-token': token,
        ...(password ? { 'x-coffer-request-password': Buffer.from(password).toString('base64') } : {}),
      },
      body: typeof data === 'string' ? Buffer.from(data) : data,
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function createRequest(body: Record<string, unknown>) {
    const created = await owner.json('POST', '/requests', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return { id: created.body.request.id as string, token: created.body.token as string, path: created.body.path as string };
  }

  it('takes drops sealed to the owner, who adopts them under the folder key with their names', async () => {
    const inbox = await makeFolder(owner, ownerRoot, 'Inbox');
    const { id, token, path } = await createRequest({ folderId: inbox });
    expect(path).toBe(`/r/${id}#${token}`);
    const dropped = await drop(id, token, 'scan.pdf', 'first scan');
    expect(dropped.status).toBe(201);
    expect((await drop(id, token, 'scan.pdf', 'second scan')).status).toBe(201);

    // Before adoption the server holds neither the key nor the name in a form it can open.
    const pending = await raw.db.selectFrom('nodes').selectAll().where('id', '=', dropped.body.id).executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ key_protection: 'sealed', name_sealed: null, name_hash: null });
    const early = await owner.download(dropped.body.id);
    expectError({ status: early.status, body: parseJson(early.bytes) }, 409, 'file.pending_adoption');

    expect((await owner.json('POST', '/requests/adopt', {})).body).toEqual({ adopted: 2 });
    expect(await listNames(owner, inbox)).toEqual(['scan (2).pdf', 'scan.pdf']);
    const contents = [await fileBytes(owner, dropped.body.id)].map(String);
    expect(contents).toEqual(['first scan']);
    expect((await owner.json('POST', '/requests/adopt', {})).body).toEqual({ adopted: 0 });
  });

  it('refuses path tricks in names, wrong tokens, revoked and expired requests, and enforces a password', async () => {
    const inbox = await makeFolder(owner, ownerRoot, 'Tricks');
    const { id, token } = await createRequest({ folderId: inbox });
    for (const name of ['../escape.txt', 'a/b.txt', '..', 'x\\y.txt', '']) {
      const refused = await drop(id, token, name, 'nope');
      expect(refused.status, name).toBe(400);
    }
    expectError(await drop(id, Buffer.alloc(32, 7).toString('base64url'), 'ok.txt', 'nope'), 404, 'request.not_found');
    expect((await owner.json('POST', '/requests/adopt', {})).body).toEqual({ adopted: 0 });
    expect(await listNames(owner, inbox)).toEqual([]);

    const locked = await createRequest({ folderId: inbox, password: 'drop password' });
    expectError(await drop(locked.id, locked.token, 'a.txt', 'x'), 401, 'link.password_required');
    expectError(await drop(locked.id, locked.token, 'a.txt', 'x', 'wrong'), 401, 'link.password_invalid');
    expect((await drop(locked.id, locked.token, 'a.txt', 'x', 'drop password')).status).toBe(201);

    expect((await owner.json('DELETE', `/requests/${id}`)).status).toBe(204);
    expectError(await drop(id, token, 'late.txt', 'x'), 404, 'request.not_found');
    const expiring = await createRequest({ folderId: inbox, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await raw.db
      .updateTable('file_requests')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', expiring.id)
      .execute();
    expectError(await drop(expiring.id, expiring.token, 'late.txt', 'x'), 404, 'request.not_found');
    const listed = (await owner.json('GET', '/requests')).body.requests;
    expect(listed.find((r: any) => r.id === id).revokedAt).not.toBeNull();
  });

  it("charges the owner's quota: a drop larger than what is left is refused and leaves nothing", async () => {
    const inbox = await makeFolder(owner, ownerRoot, 'Big');
    const { id, token } = await createRequest({ folderId: inbox });
    const before = await usedBytes(owner);
    expectError(await drop(id, token, 'huge.bin', randomData(4 * MiB)), 507, 'quota.exceeded');
    expect(await usedBytes(owner)).toBe(before);
    const nodes = await raw.db.selectFrom('nodes').select('id').where('parent_id', '=', inbox).execute();
    expect(nodes).toEqual([]);
  });
});
