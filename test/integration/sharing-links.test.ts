import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { adminEmail, adminPassword } from '../support/test-server.js';
import { startLogCapturingServer, type LogCapturingServer } from '../support/log-capturing-server.js';
import { expectError, makeFolder, MiB, randomData, uploadFile } from '../support/integration-helpers.js';
import { openRawDatabase, type RawDatabase } from '../support/storage-tamper.js';
import { pgDump } from '../support/postgres-files.js';
import { binarySecret, describeFindings, needlesFor, scanBuffer, scanTree, textSecret, type Secret } from '../support/secret-scanner.js';
import { linkKek } from '../../src/features/sharing/index.js';
import { accessOf, downloadLinkFile, listLinkFolder, post, visitLink } from '../support/link-client.js';

/**
 * Public links over real HTTP, decrypted in Node by the same WebCrypto code the recipient page runs: files and
 * folders, passwords, expiry, download limits, revocation, tampering, guessing, and no secret in storage or logs.
 */
describe.each(testDialects())('public links on %s', (dialect) => {
  let server: LogCapturingServer;
  let client: TestClient;
  let rootId: string;
  let raw: RawDatabase;
  const secrets: Secret[] = [];

  beforeAll(async () => {
    server = await startLogCapturingServer(dialect);
    client = new TestClient(server.api);
    rootId = (await client.signIn(adminEmail, adminPassword)).rootFolderId;
    raw = await openRawDatabase(server.config);
  });
  afterAll(async () => {
    await raw?.close();
    await server?.close();
  });

  async function createLink(body: Record<string, unknown>): Promise<{ id: string; secret: string; path: string; link: any }> {
    const created = await client.json('POST', '/links', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { secret, path, link } = created.body;
    secrets.push(
      textSecret(`link ${link.id} secret`, secret),
      binarySecret(`link ${link.id} secret bytes`, Buffer.from(secret, 'base64url')),
      binarySecret(`link ${link.id} kek`, linkKek(Buffer.from(secret, 'base64url'))),
    );
    return { id: link.id, secret, path, link };
  }

  it('serves a file link as ciphertext that the recipient decrypts with the key from the fragment', async () => {
    const data = randomData(5 * MiB + 123);
    const file = await uploadFile(client, rootId, 'scan.bin', data);
    const { id, secret, path, link } = await createLink({ nodeId: file.id });
    expect(path).toBe(`/s/${id}#${secret}`);
    expect(link).toMatchObject({ nodeType: 'file', hasPassword: false, downloadCount: 0, allowDownload: true, revokedAt: null });
    const visit = await visitLink(server.api, id, secret);
    expect(visit.name).toBe('scan.bin');
    expect(visit.root).toMatchObject({ id: file.id, type: 'file', size: data.length });
    expect((await downloadLinkFile(server.api, id, visit.ticket, undefined, visit.rootKey)).equals(data)).toBe(true);
    expect((await client.json('GET', `/links?nodeId=${file.id}`)).body.links[0].downloadCount).toBe(1);
    const history = await client.json('GET', `/shares/${id}/events`);
    expect(history.body.events.map((e: any) => e.kind)).toEqual(['link.created', 'link.opened', 'link.downloaded']);
  });

  it('lets the recipient browse a folder link and open names and files in the browser, and nothing outside it', async () => {
    const folder = await makeFolder(client, rootId, 'Holiday');
    const sub = await makeFolder(client, folder, 'Day 1');
    await uploadFile(client, folder, 'notes.txt', 'folder notes');
    const photo = await uploadFile(client, sub, 'beach.jpg', 'not really a jpeg');
    const outside = await uploadFile(client, rootId, 'private.txt', 'not for the link');
    const { id, secret } = await createLink({ nodeId: folder });
    const visit = await visitLink(server.api, id, secret);
    expect(visit.name).toBe('Holiday');
    const top = await listLinkFolder(server.api, id, visit.ticket, folder, visit.rootKey);
    expect(top.map((e) => e.name).sort()).toEqual(['Day 1', 'notes.txt']);
    const day = top.find((e) => e.name === 'Day 1')!;
    const inner = await listLinkFolder(server.api, id, visit.ticket, day.id, day.key);
    expect(inner.map((e) => e.name)).toEqual(['beach.jpg']);
    expect((await downloadLinkFile(server.api, id, visit.ticket, photo.id, inner[0]!.key)).toString()).toBe('not really a jpeg');
    expectError(await post(server.api, id, '/children', { ticket: visit.ticket, folderId: rootId }), 404, 'node.not_found');
    expectError(await post(server.api, id, '/manifest', { ticket: visit.ticket, fileId: outside.id }), 404, 'node.not_found');
    void sub;
  });

  it('gives the same answer for a missing link, a wrong secret, a revoked, an expired and an exhausted link', async () => {
    const file = await uploadFile(client, rootId, 'limited.txt', 'twice at most');
    const { id, secret } = await createLink({ nodeId: file.id, maxDownloads: 1 });
    const other = await createLink({ nodeId: file.id });
    const wrong = await post(server.api, id, '/open', { access: await accessOf(other.secret) });
    const missing = await post(server.api, other.id.replace(/.$/, other.id.endsWith('0') ? '1' : '0'), '/open', { access: await accessOf(secret) });
    expectError(wrong, 404, 'link.not_found');
    expect(missing.body).toEqual(wrong.body);

    // Download limit: the counted download completes; after it the link is gone.
    const visit = await visitLink(server.api, id, secret);
    expect((await downloadLinkFile(server.api, id, visit.ticket, undefined, visit.rootKey)).toString()).toBe('twice at most');
    expectError(await post(server.api, id, '/manifest', { ticket: visit.ticket }), 404, 'link.not_found');
    expectError(await post(server.api, id, '/open', { access: await accessOf(secret) }), 404, 'link.not_found');

    // Expiry.
    const expiring = await createLink({ nodeId: file.id, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const early = await visitLink(server.api, expiring.id, expiring.secret);
    await raw.db
      .updateTable('links')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', expiring.id)
      .execute();
    expect((await post(server.api, expiring.id, '/open', { access: await accessOf(expiring.secret) })).body).toEqual(wrong.body);
    expectError(await post(server.api, expiring.id, '/manifest', { ticket: early.ticket }), 404, 'link.not_found');

    // Revocation: even a ticket issued before it stops working, and the wrapped key is destroyed.
    const live = await visitLink(server.api, other.id, other.secret);
    const manifest = await post(server.api, other.id, '/manifest', { ticket: live.ticket });
    expect((await client.json('DELETE', `/links/${other.id}`)).status).toBe(204);
    expect((await post(server.api, other.id, '/open', { access: await accessOf(other.secret) })).body).toEqual(wrong.body);
    const object = await fetch(`${server.api}/public/links/${other.id}/objects/0`, { headers: { 'x-coffer-link-ticket': manifest.body.ticket } });
    expect(object.status).toBe(404);
    const stored = await raw.db.selectFrom('links').select(['key_wrapped', 'revoked_at']).where('id', '=', other.id).executeTakeFirstOrThrow();
    expect(stored.key_wrapped.length).toBe(0);
    expect(stored.revoked_at).not.toBeNull();
    // The recipient page itself is served for any id: it shows the server's answer.
    const page = await fetch(`${server.api.replace('/api/v1', '')}/s/${other.id}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('gates a link with a password checked by Argon2id on the server', async () => {
    const file = await uploadFile(client, rootId, 'locked.txt', 'behind a password');
    const { id, secret, link } = await createLink({ nodeId: file.id, password: 'open sesame', allowDownload: false });
    expect(link).toMatchObject({ hasPassword: true, allowDownload: false });
    expectError(await post(server.api, id, '/open', { access: await accessOf(secret) }), 401, 'link.password_required');
    expectError(await post(server.api, id, '/open', { access: await accessOf(secret), password: 'wrong' }), 401, 'link.password_invalid');
    const visit = await visitLink(server.api, id, secret, 'open sesame');
    expect(visit.allowDownload).toBe(false);
    expect((await downloadLinkFile(server.api, id, visit.ticket, undefined, visit.rootKey)).toString()).toBe('behind a password');
    for (let i = 0; i < 5; i++) await post(server.api, id, '/open', { access: await accessOf(secret), password: `guess ${i}` });
    expectError(await post(server.api, id, '/open', { access: await accessOf(secret), password: 'open sesame' }), 429, 'auth.rate_limited');
  });

  it("fails in the recipient's decryptor when the wrapped key, the version header or an object was altered", async () => {
    const data = randomData(300_000);
    const file = await uploadFile(client, rootId, 'tampered.bin', data);
    const a = await createLink({ nodeId: file.id });
    const b = await createLink({ nodeId: file.id });
    // A wrapped key moved from another link of the same file: its context names the other link.
    const moved = await raw.db.selectFrom('links').select('key_wrapped').where('id', '=', b.id).executeTakeFirstOrThrow();
    const original = await raw.db.selectFrom('links').select('key_wrapped').where('id', '=', a.id).executeTakeFirstOrThrow();
    await raw.db.updateTable('links').set({ key_wrapped: moved.key_wrapped }).where('id', '=', a.id).execute();
    await expect(visitLink(server.api, a.id, a.secret)).rejects.toThrow(/key wrap file/);
    await raw.db.updateTable('links').set({ key_wrapped: original.key_wrapped }).where('id', '=', a.id).execute();

    const visit = await visitLink(server.api, a.id, a.secret);
    const flip = (index: number, sealed: Uint8Array) => {
      if (index !== 0) return sealed;
      const copy = Uint8Array.from(sealed);
      copy[20_000]! ^= 1;
      return copy;
    };
    await expect(downloadLinkFile(server.api, a.id, visit.ticket, undefined, visit.rootKey, flip)).rejects.toThrow(/chunk of object 0/);
    const truncate = (_index: number, sealed: Uint8Array) => sealed.subarray(0, 16400 * 3);
    await expect(downloadLinkFile(server.api, a.id, visit.ticket, undefined, visit.rootKey, truncate)).rejects.toThrow(/object length/);
    const version = (await client.json('GET', `/nodes/${file.id}`)).body.versionId;
    const salt = await raw.db.selectFrom('versions').select('salt').where('id', '=', version).executeTakeFirstOrThrow();
    const altered = Buffer.from(salt.salt);
    altered[0]! ^= 1;
    await raw.db.updateTable('versions').set({ salt: altered }).where('id', '=', version).execute();
    await expect(downloadLinkFile(server.api, a.id, visit.ticket, undefined, visit.rootKey)).rejects.toThrow(/key commitment/);
    await raw.db.updateTable('versions').set({ salt: salt.salt }).where('id', '=', version).execute();
    expect((await downloadLinkFile(server.api, a.id, visit.ticket, undefined, visit.rootKey)).equals(data)).toBe(true);
  });

  it('keeps no link secret in the database, the data folder or the log', async () => {
    expect(secrets.length).toBeGreaterThan(10);
    const needles = needlesFor(secrets);
    const scan = scanTree(server.dataDir, needles);
    expect(scan.findings, describeFindings(scan.findings)).toEqual([]);
    if (server.config.database.dialect === 'postgres') {
      const findings = scanBuffer('pg_dump', pgDump(server.config.database.url), needles);
      expect(findings, describeFindings(findings)).toEqual([]);
    }
    const logged = scanBuffer('log', Buffer.from(server.output()), needles);
    expect(logged, describeFindings(logged)).toEqual([]);
    expect(server.output()).toContain('"route":"/api/v1/public/links/:id/open"');
  });

  it('rate-limits guessing link secrets per client address', async () => {
    const file = await uploadFile(client, rootId, 'guess.txt', 'guess me');
    const { id, secret } = await createLink({ nodeId: file.id });
    let limited = 0;
    for (let i = 0; i < 25; i++) {
      const guess = await post(server.api, id, '/open', { access: Buffer.alloc(32, i).toString('base64url') });
      if (guess.status === 429) limited++;
      else expectError(guess, 404, 'link.not_found');
    }
    expect(limited).toBeGreaterThan(0);
    // While limited, even the right secret waits: the limiter answers before any lookup.
    const right = await post(server.api, id, '/open', { access: await accessOf(secret) });
    expectError(right, 429, 'auth.rate_limited');
    expect(right.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
