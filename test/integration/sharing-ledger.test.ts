import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafHash, verifyInclusion } from '../../src/crypto/index.js';
import { encodeEntry, type LedgerEntry } from '../../src/features/ledger/index.js';
import type { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { createUser, expectError, makeFolder, uploadFile } from '../support/integration-helpers.js';
import { allEntries, verifiedCheckpoint } from '../support/ledger-helpers.js';
import { downloadLinkFile, post, visitLink } from '../support/link-client.js';

/** Every grant, link, open, download, revoke and drop is an entry of the integrity log, provable and audited. */
describe.each(testDialects())('sharing events in the integrity log on %s', (dialect) => {
  let server: TestServer;
  let admin: TestClient;
  let alice: TestClient;
  let bob: TestClient;
  let auditor: TestClient;
  let aliceId: string;
  let bobId: string;
  let aliceRoot: string;

  beforeAll(async () => {
    ({ server, client: admin } = await startSignedIn(dialect));
    let user;
    ({ client: alice, user } = await createUser(admin, 'alice@example.com', 'alice password 1'));
    aliceId = user.id;
    aliceRoot = user.rootFolderId as string;
    ({ client: bob, user } = await createUser(admin, 'bob@example.com', 'bob password 12'));
    bobId = user.id;
    ({ client: auditor } = await createUser(admin, 'auditor@example.com', 'auditor password 1', { role: 'auditor' }));
  });
  afterAll(() => server?.close());

  /** The entry of `type` about `subjectId`, with an inclusion proof checked against a freshly verified checkpoint. */
  async function provenEntry(type: string, subjectId: string, nodeId?: string): Promise<LedgerEntry> {
    const entries = (await allEntries(auditor)).filter(
      (e) => e.type === type && e.attributes.subjectId === subjectId && (nodeId === undefined || e.attributes.nodeId === nodeId),
    );
    expect(entries, `${type} ${subjectId}`).toHaveLength(1);
    const entry = entries[0]!;
    const checkpoint = await verifiedCheckpoint(alice);
    const proof = await alice.json('GET', `/ledger/proofs/inclusion?index=${entry.index}&size=${checkpoint.size}`);
    expect(proof.status).toBe(200);
    const path = proof.body.proof.map((p: string) => Buffer.from(p, 'base64'));
    expect(verifyInclusion(entry.index, checkpoint.size, leafHash(encodeEntry(entry)), path, checkpoint.rootHash)).toBe(true);
    return entry;
  }

  it('logs grants, changes, revokes and leaves with ids and the key each grant was sealed to', async () => {
    const file = await uploadFile(alice, aliceRoot, 'diagnosis.pdf', 'the report');
    const granted = await alice.json('POST', '/shares', { nodeId: file.id, recipientEmail: 'bob@example.com', permission: 'read' });
    expect(granted.status).toBe(201);
    const shareId = granted.body.id as string;
    expect((await alice.json('PATCH', `/shares/${shareId}`, { permission: 'write' })).status).toBe(200);
    expect((await alice.json('DELETE', `/shares/${shareId}`)).status).toBe(204);

    const grant = await provenEntry('share.granted', shareId);
    expect(grant.actorId).toBe(aliceId);
    expect(grant.attributes).toMatchObject({ nodeId: file.id, ownerId: aliceId, userId: bobId });
    const published = (await allEntries(auditor)).find((e) => e.type === 'account.keys_published' && e.attributes.userId === bobId)!;
    expect(grant.attributes.x25519Public).toEqual(published.attributes.x25519Public);
    expect((await provenEntry('share.changed', shareId)).actorId).toBe(aliceId);
    expect((await provenEntry('share.revoked', shareId)).attributes).toMatchObject({ nodeId: file.id, ownerId: aliceId });

    const folder = await makeFolder(alice, aliceRoot, 'Patients');
    const second = await alice.json('POST', '/shares', { nodeId: folder, recipientEmail: 'bob@example.com', permission: 'read' });
    expect((await bob.json('DELETE', `/shared-with-me/${second.body.id}`)).status).toBe(204);
    expect((await provenEntry('share.left', second.body.id)).actorId).toBe(bobId);

    // The owner's access history is unchanged by the log.
    const history = await alice.json('GET', `/shares/${shareId}/events`);
    expect(history.body.events.map((e: { kind: string }) => e.kind)).toEqual(['share.granted', 'share.changed', 'share.revoked']);
  });

  it('logs link creation, anonymous opens and downloads, and revocation; nothing for a refused download', async () => {
    const file = await uploadFile(alice, aliceRoot, 'scan.bin', 'scanned bytes');
    const created = await alice.json('POST', '/links', { nodeId: file.id, maxDownloads: 1 });
    expect(created.status).toBe(201);
    const { link, secret } = created.body;
    const visit = await visitLink(server.api, link.id, secret);
    expect((await downloadLinkFile(server.api, link.id, visit.ticket, undefined, visit.rootKey)).toString()).toBe('scanned bytes');
    const before = (await allEntries(auditor)).length;
    expectError(await post(server.api, link.id, '/manifest', { ticket: visit.ticket }), 404, 'link.not_found');
    expect(await allEntries(auditor)).toHaveLength(before);
    expect((await alice.json('DELETE', `/links/${link.id}`)).status).toBe(204);

    expect((await provenEntry('link.created', link.id)).actorId).toBe(aliceId);
    const opened = await provenEntry('link.opened', link.id);
    expect(opened.actorId).toBeNull();
    expect(opened.attributes).toMatchObject({ nodeId: file.id, ownerId: aliceId });
    expect((await provenEntry('link.downloaded', link.id)).actorId).toBeNull();
    expect((await provenEntry('link.revoked', link.id)).actorId).toBe(aliceId);
  });

  it('logs a file request drop as an anonymous upload and a drop event', async () => {
    const inbox = await makeFolder(alice, aliceRoot, 'Inbox');
    const created = await alice.json('POST', '/requests', { folderId: inbox });
    const requestId = created.body.request.id as string;
    const response = await fetch(`${server.api}/public/requests/${requestId}/files?name=lab-results.pdf`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-coffer-request-token': created.body.token },
      body: Buffer.from('lab results'),
    });
    expect(response.status).toBe(201);
    const fileId = ((await response.json()) as { id: string }).id;
    const dropped = await provenEntry('request.dropped', requestId);
    expect(dropped).toMatchObject({ actorId: null, attributes: { nodeId: fileId, ownerId: aliceId } });
    const upload = (await allEntries(auditor)).find((e) => e.type === 'file.uploaded' && e.attributes.nodeId === fileId)!;
    expect(upload).toMatchObject({ actorId: null, attributes: { parentId: inbox, size: 'lab results'.length } });
    expect(upload.index).toBe(dropped.index - 1);
  });

  it('keeps the whole log auditable, with no names or emails in it', async () => {
    const audit = await auditor.json('GET', '/ledger/audit');
    expect(audit.body.problems).toEqual([]);
    const page = await auditor.json('GET', '/ledger/entries?from=0&limit=1000');
    const everything = Buffer.concat(page.body.entries.map((e: { bytes: string }) => Buffer.from(e.bytes, 'base64'))).toString('latin1');
    for (const text of ['diagnosis', 'Patients', 'scan.bin', 'lab-results', 'bob@example.com', 'alice@example.com']) expect(everything).not.toContain(text);
  });
});
