import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { createUser, uploadFile } from '../support/integration-helpers.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { visitLink, downloadLinkFile } from '../support/link-client.js';
import { CliUser, makeTempDir } from './support/cli.js';

/** `coffer share …`, `coffer shared-with-me`, `coffer link …` and `coffer request …` through the built binary. */
describe('coffer share, link and request', () => {
  let server: TestServer;
  let work: string;
  let owner: CliUser;
  let friend: CliUser;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    work = makeTempDir('cli-sharing');
    const admin = new TestClient(server.api);
    await admin.signIn(adminEmail, adminPassword);
    await createUser(admin, 'friend@example.com', 'friend password 1');
    owner = new CliUser('owner', work);
    friend = new CliUser('friend', work);
    await owner.login(server.url, adminEmail, adminPassword);
    await friend.login(server.url, 'friend@example.com', 'friend password 1');
    const root = (await admin.json('GET', '/me')).body.rootFolderId;
    await uploadFile(admin, root, 'notes.txt', 'shared notes');
    await admin.json('POST', '/folders', { parentId: root, name: 'Inbox' });
  });
  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('shares a file, lists access, shows it to the recipient, and revokes it', async () => {
    const share = await owner.json(['share', 'add', '/notes.txt', 'friend@example.com', '--expires', '7d']);
    expect(share).toMatchObject({ recipientEmail: 'friend@example.com', permission: 'read' });
    expect(Date.parse(share.expiresAt) - Date.now()).toBeGreaterThan(6 * 86_400_000);
    const listed = await owner.ok(['share', 'list', '/notes.txt']);
    expect(listed.stdout).toMatch(/friend@example\.com\s+read/);
    const mine = await friend.json(['shared-with-me']);
    expect(mine).toEqual([expect.objectContaining({ shareId: share.id, node: expect.objectContaining({ name: 'notes.txt' }) })]);
    expect((await friend.ok(['shared-with-me'])).stdout).toContain('notes.txt');
    await owner.ok(['share', 'revoke', share.id]);
    expect(await friend.json(['shared-with-me'])).toEqual([]);
    const again = await owner.json(['share', 'add', '/notes.txt', 'friend@example.com']);
    await friend.ok(['share', 'leave', again.id]);
    expect(await owner.json(['share', 'list', '/notes.txt'])).toEqual([]);
    const { error } = await owner.fails(['share', 'add', '/notes.txt', 'friend@example.com', '--expires', 'soonish'], 2);
    expect(error.code).toBe('usage.invalid');
  });

  it('creates a link whose printed URL opens and decrypts, lists it, and revokes it', async () => {
    const created = await owner.json(['link', 'create', '/notes.txt', '--max-downloads', '2']);
    expect(created.url).toMatch(new RegExp(`^${server.url}/s/${created.link.id}#[A-Za-z0-9_-]{43}$`));
    const secret = created.url.split('#')[1];
    const visit = await visitLink(server.api, created.link.id, secret);
    expect((await downloadLinkFile(server.api, created.link.id, visit.ticket, undefined, visit.rootKey)).toString()).toBe('shared notes');
    const links = await owner.json(['link', 'list', '/notes.txt']);
    expect(links).toEqual([expect.objectContaining({ id: created.link.id, downloadCount: 1, maxDownloads: 2 })]);
    await owner.ok(['link', 'revoke', created.link.id]);
    expect((await owner.ok(['link', 'list'])).stdout).toMatch(/revoked/);
  });

  it('creates a file request, and adopts what was dropped', async () => {
    const created = await owner.json(['request', 'create', '/Inbox']);
    const token = created.url.split('#')[1];
    const dropped = await fetch(`${server.api}/public/requests/${created.request.id}/files?name=hello.txt`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-coffer-request-token': token },
      body: 'dropped in',
    });
    expect(dropped.status).toBe(201);
    expect((await owner.ok(['request', 'adopt'])).stdout).toContain('Adopted 1 file');
    expect((await owner.ok(['ls', '/Inbox'])).stdout).toContain('hello.txt');
    expect(await owner.json(['request', 'list'])).toEqual([expect.objectContaining({ id: created.request.id, revokedAt: null })]);
    await owner.ok(['request', 'revoke', created.request.id]);
  });
});
