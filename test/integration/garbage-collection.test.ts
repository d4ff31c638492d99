import { createHash, randomBytes } from 'node:crypto';
import { existsSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { objectFile, openRawDatabase, versionObjects, type RawDatabase } from '../support/storage-tamper.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Garbage collection reclaims what nothing references (objects of uploads that never committed,
 * expired sessions, old trash) and never anything that is still in use. Time is moved forward by
 * passing `now` to `gc.run`.
 */

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const gracePeriod = 24 * hour; // the default COFFER_GC_GRACE_PERIOD
const objectPlaintext = 4 * 1024 * 1024;

describe.each(testDialects())('garbage collection on %s', (dialect) => {
  let server: TestServer;
  let admin: TestClient;
  let raw: RawDatabase;
  let userNumber = 0;

  beforeAll(async () => {
    server = await startTestServer(dialect, { COFFER_TRASH_RETENTION: '1d' });
    expect(server.config.gcGracePeriodMs).toBe(gracePeriod);
    admin = new TestClient(server.api);
    await admin.signIn(adminEmail, adminPassword);
    raw = await openRawDatabase(server.config);
  });

  afterAll(async () => {
    await raw?.close();
    await server?.close();
  });

  const gc = () => server.running.services.gc;
  const blobs = () => server.running.services.blobs;
  /** Sets an object file's modification time, as if it had been written at `at`. */
  function age(key: string, at: number): void {
    utimesSync(objectFile(server.config, key), new Date(at), new Date(at));
  }

  /** A new account of its own for each test, so usage and trash are not shared between tests. */
  async function newUser(): Promise<{ client: TestClient; rootId: string; email: string; password: string }> {
    userNumber += 1;
    const email = `gc-${userNumber}-${randomBytes(3).toString('hex')}@example.com`;
    const password = `gc password ${randomBytes(6).toString('hex')}`;
    if (!admin.token || (await admin.json('GET', '/me')).status !== 200) await admin.signIn(adminEmail, adminPassword);
    const created = await admin.json('POST', '/users', { email, password });
    expect(created.status).toBe(201);
    const client = new TestClient(server.api);
    const me = await client.signIn(email, password);
    return { client, rootId: me.rootFolderId, email, password };
  }

  async function uploadFile(client: TestClient, parentId: string, name: string, size: number) {
    const data = randomBytes(size);
    const response = await client.upload(parentId, name, data);
    expect(response.status).toBe(201);
    const stored = await versionObjects(raw.db, response.body.versionId);
    return { id: response.body.id as string, versionId: response.body.versionId as string, data, objectKeys: stored.map((o) => o.key) };
  }

  /** An object as an upload that died before its commit (or a crash) leaves it: stored, used by no version. */
  async function strandedObject(writtenAt: number): Promise<string> {
    const bytes = randomBytes(1000 + Math.floor(Math.random() * 1000));
    const key = createHash('sha256').update(bytes).digest('hex');
    await blobs().put(key, bytes);
    age(key, writtenAt);
    expect(existsSync(objectFile(server.config, key))).toBe(true);
    return key;
  }

  async function objectGone(key: string): Promise<boolean> {
    const onDisk = existsSync(objectFile(server.config, key));
    const inStore = (await blobs().stat(key)) !== undefined;
    expect(onDisk).toBe(inStore);
    return !inStore;
  }

  async function usedBytes(client: TestClient): Promise<number> {
    const me = await client.json('GET', '/me');
    expect(me.status).toBe(200);
    return me.body.usedBytes;
  }

  it('deletes the objects of an upload that never committed once they are older than the grace period', async () => {
    const now = Date.now();
    const stranded = await strandedObject(now);
    const strandedEarlier = await strandedObject(now - gracePeriod - hour);

    // Now: only the one written more than a grace period ago goes.
    const first = await gc().run(now);
    expect(first.objectsDeleted).toBeGreaterThanOrEqual(1);
    expect(await objectGone(strandedEarlier)).toBe(true);
    expect(await objectGone(stranded)).toBe(false);

    // Just inside the grace period it is still kept; just past it, it goes.
    await gc().run(now + gracePeriod - minute);
    expect(await objectGone(stranded)).toBe(false);
    const later = await gc().run(now + gracePeriod + minute);
    expect(later.objectsDeleted).toBeGreaterThanOrEqual(1);
    expect(await objectGone(stranded)).toBe(true);
  });

  it('keeps objects younger than the grace period', async () => {
    const now = Date.now();
    const young = await strandedObject(now - gracePeriod + 10 * minute);
    const report = await gc().run(now);
    expect(report.objectsDeleted).toBe(0);
    expect(await objectGone(young)).toBe(false);
    // Once it is older than the grace period it is garbage like any other.
    await gc().run(now + 11 * minute);
    expect(await objectGone(young)).toBe(true);
  });

  it('removes temp files a crashed write left in the blob store, once older than the grace period', async () => {
    const tmp = path.join(server.config.blobDir, 'tmp');
    const stale = path.join(tmp, `${'a'.repeat(64)}.crashed.tmp`);
    const fresh = path.join(tmp, `${'b'.repeat(64)}.in-flight.tmp`);
    writeFileSync(stale, 'half an object');
    writeFileSync(fresh, 'a put still running');
    const longAgo = new Date(Date.now() - gracePeriod - hour);
    utimesSync(stale, longAgo, longAgo);
    const report = await gc().run();
    expect(report.tempFilesDeleted).toBe(1);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
    rmSync(fresh);
  });

  it('never deletes objects referenced by a committed version, however old', async () => {
    const { client, rootId, email, password } = await newUser();
    const large = await uploadFile(client, rootId, 'large.bin', objectPlaintext + 20_000);
    expect(large.objectKeys.length).toBe(2);
    const small = await uploadFile(client, rootId, 'small.txt', 5000);
    // A second version: the first one stays referenced by the version history.
    const v2Data = randomBytes(7000);
    const v2 = await client.upload(rootId, 'small.txt', v2Data, { onConflict: 'version' });
    expect(v2.status).toBe(200);
    const v2Keys = (await versionObjects(raw.db, v2.body.versionId)).map((o) => o.key);
    const allKeys = [...large.objectKeys, ...small.objectKeys, ...v2Keys];
    // Make their files look ancient, and run far in the future as well.
    for (const key of allKeys) age(key, 0);
    const stranded = await strandedObject(0);

    const report = await gc().run(Date.now() + 3650 * day);
    expect(report.objectsDeleted).toBeGreaterThanOrEqual(1);
    expect(await objectGone(stranded)).toBe(true); // the run did collect garbage
    for (const key of allKeys) expect(await objectGone(key), `object ${key} of a committed version was deleted`).toBe(false);

    // Every version still downloads byte for byte. (That run expired every session, so sign in again.)
    expect((await client.json('GET', '/me')).status).toBe(401);
    await client.signIn(email, password);
    for (const [file, data] of [
      [large, large.data],
      [small, v2Data],
    ] as const) {
      const download = await client.download(file.id);
      expect(download.status).toBe(200);
      expect(download.bytes.equals(data)).toBe(true);
    }
    const first = await client.download(small.id, {}, `?version=${small.versionId}`);
    expect(first.status).toBe(200);
    expect(first.bytes.equals(small.data)).toBe(true);
  });

  it('deletes expired sessions, after which their tokens are refused', async () => {
    const { client, email, password } = await newUser();
    const tokenSession = client.token!;
    const browserSignIn = await fetch(`${server.api}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password, kind: 'browser' }),
    });
    expect(browserSignIn.status).toBe(200);
    const cookie = /coffer_session=([^;]+)/.exec(browserSignIn.headers.get('set-cookie') ?? '')?.[1];
    expect(cookie).toBeTruthy();
    const asBrowser = () => fetch(`${server.api}/me`, { headers: { cookie: `coffer_session=${cookie}` } });
    const asToken = () => new TestClient(server.api, tokenSession).json('GET', '/me');
    expect((await asBrowser()).status).toBe(200);
    expect((await asToken()).status).toBe(200);
    const userId = (await asToken()).body.id as string;
    const kinds = async () => (await raw.db.selectFrom('sessions').select('kind').where('user_id', '=', userId).execute()).map((r) => r.kind).sort();
    expect(await kinds()).toEqual(['browser', 'token']);

    // Past the browser idle timeout (12 h) but well within the token lifetime (90 d): only the browser session goes.
    const now = Date.now();
    const first = await gc().run(now + 13 * hour);
    expect(first.sessionsDeleted).toBeGreaterThanOrEqual(1);
    const browserResponse = await asBrowser();
    expect(browserResponse.status).toBe(401);
    expect(((await browserResponse.json()) as { error: { code: string } }).error.code).toBe('auth.session_invalid');
    expect((await asToken()).status).toBe(200);
    expect(await kinds()).toEqual(['token']);

    // Past the token lifetime: the token session is deleted too, and the token is refused.
    const second = await gc().run(now + 91 * day);
    expect(second.sessionsDeleted).toBeGreaterThanOrEqual(1);
    const refused = await asToken();
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('auth.session_invalid');
    expect(await kinds()).toEqual([]);
  });

  it('purges trash older than the retention period, frees its usage and its objects', async () => {
    const { client, rootId } = await newUser();
    const baseline = await usedBytes(client);
    const folder = await client.json('POST', '/folders', { parentId: rootId, name: 'old stuff' });
    expect(folder.status).toBe(201);
    const inFolder = await uploadFile(client, folder.body.id, 'inside.bin', 30_000);
    const loose = await uploadFile(client, rootId, 'loose.bin', objectPlaintext + 5000);
    const kept = await uploadFile(client, rootId, 'kept.bin', 12_345);
    const looseV2 = await client.upload(rootId, 'loose.bin', randomBytes(2000), { onConflict: 'version' });
    expect(looseV2.status).toBe(200);
    const looseV2Keys = (await versionObjects(raw.db, looseV2.body.versionId)).map((o) => o.key);
    const trashedBytes = 30_000 + objectPlaintext + 5000 + 2000;
    expect(await usedBytes(client)).toBe(baseline + trashedBytes + 12_345);

    expect((await client.json('DELETE', `/nodes/${folder.body.id}`)).status).toBe(200);
    expect((await client.json('DELETE', `/nodes/${loose.id}`)).status).toBe(200);
    const trashedKeys = [...inFolder.objectKeys, ...loose.objectKeys, ...looseV2Keys];
    const now = Date.now();

    // Within the retention period (1 day) nothing is purged.
    await gc().run(now + 12 * hour);
    const stillThere = await client.json('GET', '/trash');
    expect(stillThere.status).toBe(200);
    expect(stillThere.body.items.map((i: { id: string }) => i.id).sort()).toEqual([folder.body.id, loose.id].sort());
    expect(await usedBytes(client)).toBe(baseline + trashedBytes + 12_345);
    for (const key of trashedKeys) expect(await objectGone(key)).toBe(false);

    // Past it, the trashed items and everything under them are gone, and so is their usage and their storage.
    const report = await gc().run(now + 2 * day);
    expect(report.trashPurged).toBeGreaterThanOrEqual(2);
    expect(report.objectsDeleted).toBeGreaterThanOrEqual(trashedKeys.length);
    expect((await client.json('GET', '/trash')).body.items).toEqual([]);
    for (const id of [folder.body.id, inFolder.id, loose.id]) expect((await client.json('GET', `/nodes/${id}`)).status).toBe(404);
    expect(await usedBytes(client)).toBe(baseline + 12_345);
    for (const key of trashedKeys) expect(await objectGone(key), `object ${key} of purged trash survived`).toBe(true);
    const versionsLeft = await raw.db.selectFrom('versions').select('id').where('node_id', 'in', [inFolder.id, loose.id]).execute();
    expect(versionsLeft).toEqual([]);

    // What was not in the trash is untouched.
    for (const key of kept.objectKeys) expect(await objectGone(key)).toBe(false);
    const download = await client.download(kept.id);
    expect(download.status).toBe(200);
    expect(download.bytes.equals(kept.data)).toBe(true);
  });
});
