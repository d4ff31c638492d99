import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateX25519 } from '../../src/crypto/index.js';
import type { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { createUser, expectError, fileBytes, listNames, makeFolder, uploadFile, usedBytes } from '../support/integration-helpers.js';
import { openRawDatabase, type RawDatabase } from '../support/storage-tamper.js';
import { downloadShared, uploadShared, uploadSharedVersion } from '../support/sharing-helpers.js';

/** Sharing with users over HTTP: grants, "Shared with me", write shares, re-sharing, revocation and tampering. */
describe.each(testDialects())('sharing with users on %s', (dialect) => {
  let server: TestServer;
  let admin: TestClient;
  let alice: TestClient;
  let bob: TestClient;
  let carol: TestClient;
  let aliceRoot: string;
  let raw: RawDatabase;

  beforeAll(async () => {
    ({ server, client: admin } = await startSignedIn(dialect));
    ({ client: alice } = await createUser(admin, 'alice@example.com', 'alice password 1'));
    ({ client: bob } = await createUser(admin, 'bob@example.com', 'bob password 12'));
    ({ client: carol } = await createUser(admin, 'carol@example.com', 'carol password 1'));
    aliceRoot = (await alice.json('GET', '/me')).body.rootFolderId;
    raw = await openRawDatabase(server.config);
  });
  afterAll(async () => {
    await raw?.close();
    await server?.close();
  });

  const share = (client: TestClient, nodeId: string, recipientEmail: string, permission: 'read' | 'write' = 'read', expiresAt?: string) =>
    client.json('POST', '/shares', { nodeId, recipientEmail, permission, ...(expiresAt ? { expiresAt } : {}) });

  it('shares a file for reading: the recipient sees it under "Shared with me", downloads it, and cannot write', async () => {
    const file = await uploadFile(alice, aliceRoot, 'report.pdf', 'the report');
    const created = await share(alice, file.id, 'bob@example.com');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ nodeId: file.id, recipientEmail: 'bob@example.com', permission: 'read', expiresAt: null });

    const mine = await bob.json('GET', '/shared-with-me');
    const item = mine.body.items.find((i: any) => i.shareId === created.body.id);
    expect(item).toMatchObject({
      nodeType: 'file',
      permission: 'read',
      ownerEmail: 'alice@example.com',
      problem: null,
      node: { name: 'report.pdf', size: 10 },
    });
    const got = await downloadShared(bob, created.body.id);
    expect(got.status).toBe(200);
    expect(got.bytes.toString()).toBe('the report');

    expectError(await uploadSharedVersion(bob, created.body.id, 'overwritten'), 403, 'auth.forbidden');
    expect(await fileBytes(alice, file.id)).toEqual(Buffer.from('the report'));
    // The recipient's own routes still know nothing of the file: the files API stays owner-only.
    expectError(await bob.json('GET', `/nodes/${file.id}`), 404, 'node.not_found');
    // Sharing the same item twice with the same person is refused.
    expectError(await share(alice, file.id, 'bob@example.com'), 409, 'share.exists');
  });

  it('shares a folder for writing: the recipient lists names, uploads, and the owner receives the file under her quota', async () => {
    const folder = await makeFolder(alice, aliceRoot, 'Project');
    const sub = await makeFolder(alice, folder, 'Drafts');
    await uploadFile(alice, folder, 'plan.txt', 'the plan');
    await uploadFile(alice, sub, 'draft.txt', 'a draft');
    const created = await share(alice, folder, 'bob@example.com', 'write');
    const shareId = created.body.id;

    const listing = await bob.json('GET', `/shared-with-me/${shareId}/children`);
    expect(listing.status).toBe(200);
    expect(listing.body.folder.name).toBe('Project');
    expect(listing.body.items.map((i: any) => i.name).sort()).toEqual(['Drafts', 'plan.txt']);
    const inner = await bob.json('GET', `/shared-with-me/${shareId}/children?folderId=${sub}`);
    expect(inner.body.items.map((i: any) => i.name)).toEqual(['draft.txt']);
    const draft = inner.body.items[0];
    expect((await downloadShared(bob, shareId, draft.id)).bytes.toString()).toBe('a draft');
    // Nothing outside the shared folder is reachable through the share.
    expectError(await bob.json('GET', `/shared-with-me/${shareId}/children?folderId=${aliceRoot}`), 404, 'node.not_found');

    const aliceBefore = await usedBytes(alice);
    const bobBefore = await usedBytes(bob);
    const uploaded = await uploadShared(bob, shareId, 'from-bob.txt', 'bob wrote this', sub);
    expect(uploaded.status).toBe(201);
    expect(await listNames(alice, sub)).toEqual(['draft.txt', 'from-bob.txt']);
    expect(await fileBytes(alice, uploaded.body.id)).toEqual(Buffer.from('bob wrote this'));
    expect(await usedBytes(alice)).toBe(aliceBefore + 14);
    expect(await usedBytes(bob)).toBe(bobBefore);
    const version = await uploadSharedVersion(bob, shareId, 'a better draft', draft.id);
    expect(version.status).toBe(201);
    expect(await fileBytes(alice, draft.id)).toEqual(Buffer.from('a better draft'));

    // The owner sees who has access, and can narrow it: the grant is signed again.
    const access = await alice.json('GET', `/nodes/${folder}/shares`);
    expect(access.body.shares).toEqual([expect.objectContaining({ id: shareId, recipientEmail: 'bob@example.com', permission: 'write' })]);
    const changed = await alice.json('PATCH', `/shares/${shareId}`, { permission: 'read' });
    expect(changed.body.permission).toBe('read');
    expectError(await uploadShared(bob, shareId, 'again.txt', 'no'), 403, 'auth.forbidden');
    expect((await downloadShared(bob, shareId, draft.id)).status).toBe(200);

    // Revoking ends access at once.
    expect((await alice.json('DELETE', `/shares/${shareId}`)).status).toBe(204);
    expectError((await downloadShared(bob, shareId, draft.id)) as any, 404, 'share.not_found');
    expect((await bob.json('GET', '/shared-with-me')).body.items.some((i: any) => i.shareId === shareId)).toBe(false);
    const history = await alice.json('GET', `/shares/${shareId}/events`);
    expect(history.body.events.map((e: any) => e.kind)).toEqual(['share.granted', 'share.changed', 'share.revoked']);
  });

  it("lets a reader pass a share on only with read rights, and ends the re-share with the reader's own access", async () => {
    const folder = await makeFolder(alice, aliceRoot, 'Passed on');
    const file = await uploadFile(alice, folder, 'note.txt', 'pass it on');
    const toBob = await share(alice, folder, 'bob@example.com', 'read');
    expectError(await share(bob, file.id, 'carol@example.com', 'write'), 403, 'share.permission_exceeded');
    const toCarol = await share(bob, file.id, 'carol@example.com', 'read');
    expect(toCarol.status).toBe(201);
    expect((await downloadShared(carol, toCarol.body.id)).bytes.toString()).toBe('pass it on');
    // A re-share cannot be upgraded either.
    expectError(await bob.json('PATCH', `/shares/${toCarol.body.id}`, { permission: 'write' }), 403, 'share.permission_exceeded');
    // Someone without any access cannot share at all, and learns nothing about the item.
    expectError(await share(carol, folder, 'bob@example.com'), 404, 'node.not_found');
    // When the owner revokes bob, carol's re-share stops working too.
    await alice.json('DELETE', `/shares/${toBob.body.id}`);
    expectError((await downloadShared(carol, toCarol.body.id)) as any, 404, 'share.not_found');
  });

  it('lets the recipient leave, and honours expiry', async () => {
    const file = await uploadFile(alice, aliceRoot, 'leave-me.txt', 'bye');
    const created = await share(alice, file.id, 'bob@example.com', 'read', new Date(Date.now() + 60_000).toISOString());
    expect((await bob.json('DELETE', `/shared-with-me/${created.body.id}`)).status).toBe(204);
    expect((await alice.json('GET', `/nodes/${file.id}/shares`)).body.shares).toEqual([]);

    const expiring = await share(alice, file.id, 'bob@example.com', 'read', new Date(Date.now() + 60_000).toISOString());
    await raw.db
      .updateTable('shares')
      .set({ expires_at: Date.now() - 1 })
      .where('id', '=', expiring.body.id)
      .execute();
    expectError((await downloadShared(bob, expiring.body.id)) as any, 410, 'share.expired');
    expectError(await share(alice, file.id, 'nobody@example.com'), 404, 'user.not_found');
    expectError(await share(alice, aliceRoot, 'carol@example.com'), 400, 'share.not_shareable');
  });

  it('rejects a grant whose permission, expiry or sealed key was changed in the database', async () => {
    const file = await uploadFile(alice, aliceRoot, 'signed.txt', 'signed');
    const other = await uploadFile(alice, aliceRoot, 'other.txt', 'other');
    const grant = (await share(alice, file.id, 'bob@example.com', 'read')).body.id;
    const otherGrant = (await share(alice, other.id, 'bob@example.com', 'read')).body.id;

    await raw.db.updateTable('shares').set({ permission: 'write' }).where('id', '=', grant).execute();
    expectError(await uploadSharedVersion(bob, grant, 'forged'), 500, 'storage.integrity_failed');
    await raw.db.updateTable('shares').set({ permission: 'read' }).where('id', '=', grant).execute();
    expect((await downloadShared(bob, grant)).status).toBe(200);

    // A sealed key moved from another grant of the same recipient: the signature covers it.
    const moved = await raw.db.selectFrom('shares').select('key_sealed').where('id', '=', otherGrant).executeTakeFirstOrThrow();
    await raw.db.updateTable('shares').set({ key_sealed: moved.key_sealed }).where('id', '=', grant).execute();
    expectError((await downloadShared(bob, grant)) as any, 500, 'storage.integrity_failed');
    const listed = (await bob.json('GET', '/shared-with-me')).body.items.find((i: any) => i.shareId === grant);
    expect(listed).toMatchObject({ node: null, problem: expect.stringContaining('signature') });
    expect(await fileBytes(alice, file.id)).toEqual(Buffer.from('signed'));
  });

  it('detects a recipient public key swapped in the database: pinned for known contacts, and unopenable otherwise', async () => {
    const file = await uploadFile(alice, aliceRoot, 'pinned.txt', 'pinned');
    const attacker = generateX25519();
    // Alice already shared with Bob, so she pinned his key: a swapped key makes her refuse.
    const bobId = (await bob.json('GET', '/me')).body.id;
    const original = await raw.db.selectFrom('users').select('x25519_public').where('id', '=', bobId).executeTakeFirstOrThrow();
    await raw.db.updateTable('users').set({ x25519_public: attacker.publicKey }).where('id', '=', bobId).execute();
    expectError(await share(alice, file.id, 'bob@example.com'), 409, 'share.recipient_key_changed');
    await raw.db.updateTable('users').set({ x25519_public: original.x25519_public }).where('id', '=', bobId).execute();

    // Admin never shared with Carol: the grant is sealed to the substituted key, and Carol's client refuses it.
    const carolId = (await carol.json('GET', '/me')).body.id;
    const adminRoot = (await admin.json('GET', '/me')).body.rootFolderId;
    const adminFile = await uploadFile(admin, adminRoot, 'for-carol.txt', 'for carol');
    const carolKey = await raw.db.selectFrom('users').select('x25519_public').where('id', '=', carolId).executeTakeFirstOrThrow();
    await raw.db.updateTable('users').set({ x25519_public: attacker.publicKey }).where('id', '=', carolId).execute();
    const grant = await share(admin, adminFile.id, 'carol@example.com');
    await raw.db.updateTable('users').set({ x25519_public: carolKey.x25519_public }).where('id', '=', carolId).execute();
    const stored = await raw.db.selectFrom('shares').select('recipient_public').where('id', '=', grant.body.id).executeTakeFirstOrThrow();
    expect(Buffer.from(stored.recipient_public)).toEqual(attacker.publicKey);
    const opened = await downloadShared(carol, grant.body.id);
    expectError(opened as any, 500, 'storage.integrity_failed');
    expect(opened.body.error.message).toContain('not yours');
  });
});
