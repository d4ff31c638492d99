import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/crypto/index.js';
import { ReceiptError, verifyReceipt, type Receipt } from '../../src/features/ledger/index.js';
import { testDialects } from '../support/dialects.js';
import { TestClient } from '../support/http-client.js';
import { createUser, expectError, makeFolder, randomData, uploadFile } from '../support/integration-helpers.js';
import { allEntries, receiptMatches, verifiedCheckpoint } from '../support/ledger-helpers.js';
import { adminEmail, startSignedIn, type TestServer } from '../support/test-server.js';

describe.each(testDialects())('integrity log on %s', (dialect) => {
  let server: TestServer;
  let admin: TestClient;
  let rootId: string;
  let auditor: TestClient;

  beforeAll(async () => {
    ({ server, client: admin, rootId } = await startSignedIn(dialect));
    ({ client: auditor } = await createUser(admin, 'auditor@example.com', 'auditor password 1', { role: 'auditor' }));
  });
  afterAll(() => server.close());

  it('records every action as an entry with ids and hashes, never names or emails', async () => {
    const before = (await allEntries(auditor)).length;
    const { client: alice, user } = await createUser(admin, 'alice@example.com', 'alice password 1');
    const aliceRoot = user.rootFolderId as string;
    const folder = await makeFolder(alice, aliceRoot, 'Secret Project');
    const file = await uploadFile(alice, aliceRoot, 'diagnosis-report.txt', 'version one');
    const v2 = await alice.upload(aliceRoot, 'diagnosis-report.txt', 'version two', { onConflict: 'version' });
    expect(v2.status).toBe(200);
    expect((await alice.json('PATCH', `/nodes/${file.id}`, { name: 'renamed.txt' })).status).toBe(200);
    expect((await alice.json('PATCH', `/nodes/${file.id}`, { parentId: folder })).status).toBe(200);
    expect((await alice.json('POST', `/files/${file.id}/versions/${file.versionId}/restore`)).status).toBe(200);
    const copy = await alice.json('POST', `/nodes/${file.id}/copy`, { parentId: aliceRoot });
    expect(copy.status, JSON.stringify(copy.body)).toBe(201);
    expect((await alice.json('DELETE', `/nodes/${copy.body.id}`)).status).toBe(200);
    expect((await alice.json('POST', `/trash/${copy.body.id}/restore`, {})).status).toBe(200);
    expect((await alice.json('DELETE', `/nodes/${copy.body.id}`)).status).toBe(200);
    expect((await alice.json('DELETE', `/trash/${copy.body.id}`)).status).toBe(204);
    expect((await alice.json('POST', '/auth/sign-out')).status).toBe(204);
    expect((await admin.json('PATCH', `/users/${user.id}`, { status: 'disabled' })).status).toBe(200);

    const entries = (await allEntries(auditor)).slice(before);
    const types = entries.map((e) => e.type);
    for (const type of [
      'account.created',
      'account.keys_published',
      'session.signed_in',
      'folder.created',
      'file.uploaded',
      'version.uploaded',
      'node.renamed',
      'node.moved',
      'version.restored',
      'node.copied',
      'node.trashed',
      'node.restored',
      'node.purged',
      'session.signed_out',
      'account.updated',
    ]) {
      expect(types, type).toContain(type);
    }
    const upload = entries.find((e) => e.type === 'file.uploaded' && e.attributes.nodeId === file.id)!;
    expect(upload.actorId).toBe(user.id);
    expect(upload.attributes).toMatchObject({ versionId: file.versionId, size: 'version one'.length, parentId: aliceRoot });
    const keys = entries.find((e) => e.type === 'account.keys_published' && e.attributes.userId === user.id)!;
    expect(keys.attributes.x25519Public).toHaveLength(32);
    expect(keys.actorId).not.toBe(user.id);

    const page = await auditor.json('GET', `/ledger/entries?from=0&limit=1000`);
    const everything = Buffer.concat(page.body.entries.map((e: { bytes: string }) => Buffer.from(e.bytes, 'base64'))).toString('latin1');
    for (const secret of ['Secret Project', 'diagnosis', 'renamed.txt', 'version one', 'alice@example.com', adminEmail])
      expect(everything).not.toContain(secret);
  });

  it('signs checkpoints that extend each other and serves proofs that verify', async () => {
    const first = await verifiedCheckpoint(admin);
    expect(first.origin).toBe(`${new URL(server.config.publicUrl).host}/coffer-log`);
    await uploadFile(admin, rootId, `proofs-${Date.now()}.bin`, randomData(1000));
    await makeFolder(admin, rootId, `proofs-folder-${Date.now()}`);
    const second = await verifiedCheckpoint(admin);
    expect(second.size).toBeGreaterThan(first.size);

    const consistency = await admin.json('GET', `/ledger/proofs/consistency?from=${first.size}&to=${second.size}`);
    const proof = consistency.body.proof.map((p: string) => Buffer.from(p, 'base64'));
    expect(verifyConsistency(first.size, second.size, proof, first.rootHash, second.rootHash)).toBe(true);
    expect(verifyConsistency(first.size, second.size, proof, second.rootHash, first.rootHash)).toBe(false);

    const entries = await auditor.json('GET', `/ledger/entries?from=0&limit=1000`);
    for (const e of entries.body.entries.slice(0, second.size)) {
      const inclusion = await admin.json('GET', `/ledger/proofs/inclusion?index=${e.index}&size=${second.size}`);
      const path = inclusion.body.proof.map((p: string) => Buffer.from(p, 'base64'));
      expect(verifyInclusion(e.index, second.size, leafHash(Buffer.from(e.bytes, 'base64')), path, second.rootHash), `entry ${e.index}`).toBe(true);
    }
    expectError(await admin.json('GET', `/ledger/proofs/inclusion?index=0&size=${second.size + 5}`), 400, 'ledger.range_invalid');
    expectError(await admin.json('GET', `/ledger/proofs/consistency?from=0&to=${second.size}`), 400, 'ledger.range_invalid');
    expectError(await admin.json('GET', `/ledger/proofs/consistency?from=3&to=2`), 400, 'ledger.range_invalid');
  });

  it('gives the owner a receipt that proves the exact bytes, and refuses a changed byte', async () => {
    const data = randomData(5 * 1024 * 1024 + 123);
    const file = await uploadFile(admin, rootId, `receipt-${Date.now()}.bin`, data);
    const response = await admin.json('GET', `/files/${file.id}/versions/${file.versionId}/receipt`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const receipt = response.body as Receipt;
    expect(receipt.objects).toHaveLength(2);
    expect(receiptMatches(receipt, data)).toBe(true);
    const changed = Buffer.from(data);
    changed[4_000_000]! ^= 1;
    expect(receiptMatches(receipt, changed)).toBe(false);
    expect(receiptMatches(receipt, data.subarray(0, data.length - 1))).toBe(false);

    const key = await admin.json('GET', '/ledger/key');
    expect(() => verifyReceipt(receipt, key.body.verifierKey)).not.toThrow();
    const tamperedObjects = { ...receipt, objects: [receipt.objects[1]!, receipt.objects[0]!] };
    expect(() => verifyReceipt(tamperedObjects)).toThrow(ReceiptError);
    const otherProof = { ...receipt, inclusionProof: receipt.inclusionProof.slice(1) };
    expect(() => verifyReceipt(otherProof)).toThrow(/not included/);
    expect(() => verifyReceipt(receipt, key.body.verifierKey.replace(/\+[0-9a-f]{8}\+/, '+00000000+'))).toThrow(/another log key/);

    // An auditor gets the same proofs but no key of the file: it cannot check (or learn) the content.
    const audited = await auditor.json('GET', `/files/${file.id}/versions/${file.versionId}/receipt`);
    expect(audited.status).toBe(200);
    expect(audited.body.plaintextMacKey).toBeNull();
    expect(() => verifyReceipt(audited.body)).not.toThrow();
    expect(receiptMatches(audited.body, data)).toBe(false);
  });

  it('keeps one consistent tree under parallel uploads, with no duplicate index', async () => {
    const before = await verifiedCheckpoint(admin);
    const uploads = await Promise.all(Array.from({ length: 12 }, (_, i) => admin.upload(rootId, `parallel-${i}-${Date.now()}.bin`, randomData(2000 + i))));
    expect(uploads.map((u) => u.status)).toEqual(Array(12).fill(201));
    const after = await verifiedCheckpoint(admin);
    expect(after.size).toBe(before.size + 12);
    const entries = await allEntries(auditor);
    expect(entries.map((e) => e.index)).toEqual(entries.map((_, i) => i));
    const uploadedIds = new Set(uploads.map((u) => u.body.id));
    expect(entries.filter((e) => e.type === 'file.uploaded' && uploadedIds.has(e.attributes.nodeId!))).toHaveLength(12);
    const consistency = await admin.json('GET', `/ledger/proofs/consistency?from=${before.size}&to=${after.size}`);
    const proof = consistency.body.proof.map((p: string) => Buffer.from(p, 'base64'));
    expect(verifyConsistency(before.size, after.size, proof, before.rootHash, after.rootHash)).toBe(true);
    const audit = await auditor.json('GET', '/ledger/audit');
    expect(audit.body).toMatchObject({ size: after.size, entriesChecked: after.size, problems: [] });
  });

  it('lets each role reach exactly its ledger routes (anonymous, user, auditor, admin)', async () => {
    const { client: bob, user: bobUser } = await createUser(admin, `bob-${dialect}@example.com`, 'bob password 12');
    const bobFile = await uploadFile(bob, bobUser.rootFolderId, 'bob.txt', 'bob data');
    const adminFile = await uploadFile(admin, rootId, `admin-${Date.now()}.txt`, 'admin data');
    const anonymous = new TestClient(server.api);
    const size = (await verifiedCheckpoint(admin)).size;
    const routes: [string, string][] = [
      ['key', '/ledger/key'],
      ['checkpoint', '/ledger/checkpoint'],
      ['inclusion', `/ledger/proofs/inclusion?index=0&size=${size}`],
      ['consistency', `/ledger/proofs/consistency?from=1&to=${size}`],
      ['entries', '/ledger/entries'],
      ['audit', '/ledger/audit'],
      ['own receipt', `/files/${bobFile.id}/versions/${bobFile.versionId}/receipt`],
      ["another's receipt", `/files/${adminFile.id}/versions/${adminFile.versionId}/receipt`],
      ['list files', `/folders/${bobUser.rootFolderId}/children`],
      ['me', '/me'],
    ];
    const statuses = async (client: TestClient): Promise<Record<string, number>> =>
      Object.fromEntries(await Promise.all(routes.map(async ([name, path]) => [name, (await client.json('GET', path)).status])));
    expect(await statuses(anonymous)).toEqual({
      key: 200,
      checkpoint: 401,
      inclusion: 401,
      consistency: 401,
      entries: 401,
      audit: 401,
      'own receipt': 401,
      "another's receipt": 401,
      'list files': 401,
      me: 401,
    });
    expect(await statuses(bob)).toEqual({
      key: 200,
      checkpoint: 200,
      inclusion: 200,
      consistency: 200,
      entries: 403,
      audit: 403,
      'own receipt': 200,
      "another's receipt": 404,
      'list files': 200,
      me: 200,
    });
    expect(await statuses(auditor)).toEqual({
      key: 200,
      checkpoint: 200,
      inclusion: 200,
      consistency: 200,
      entries: 200,
      audit: 200,
      'own receipt': 200,
      "another's receipt": 200,
      'list files': 403,
      me: 200,
    });
    expect(await statuses(admin)).toEqual({
      key: 200,
      checkpoint: 200,
      inclusion: 200,
      consistency: 200,
      entries: 200,
      audit: 200,
      'own receipt': 200,
      "another's receipt": 200,
      'list files': 404,
      me: 200,
    });
    // The auditor reads nothing and changes nothing: no content, no names, no uploads, not even in its own root.
    const auditorMe = (await auditor.json('GET', '/me')).body;
    const download = await auditor.download(bobFile.id);
    expectError({ status: download.status, body: JSON.parse(download.bytes.toString('utf8')) }, 403, 'auth.forbidden');
    expectError(await auditor.json('GET', `/nodes/${bobFile.id}`), 403, 'auth.forbidden');
    expectError(await auditor.upload(auditorMe.rootFolderId, 'x.txt', 'x'), 403, 'auth.forbidden');
    expectError(await auditor.json('GET', `/folders/${auditorMe.rootFolderId}/children`), 403, 'auth.forbidden');
    expectError(await auditor.json('GET', '/users'), 403, 'auth.forbidden');
    const bobReceipt = await auditor.json('GET', `/files/${bobFile.id}/versions/${bobFile.versionId}/receipt`);
    expect(bobReceipt.body.plaintextMacKey).toBeNull();
    expect(JSON.stringify(bobReceipt.body)).not.toContain('bob.txt');
  });
});
