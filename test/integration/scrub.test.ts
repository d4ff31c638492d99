import { mkdtempSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { createUser, expectError, settle } from '../support/integration-helpers.js';
import { replicaIsGood, startS3TestServer, storageFor, type ReplicaFiles, type S3TestServer } from '../support/storage-backends.js';
import { flipBit, objectFile, openRawDatabase, versionObjects, type RawDatabase } from '../support/storage-tamper.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Scrub through the admin API: it finds damaged, missing and mismatched data on every backend, repairs what a good
 * replica can mend, reports the rest by ids (never names), and keeps its report for the health endpoint.
 */

let s3: S3TestServer;
beforeAll(async () => {
  s3 = await startS3TestServer(2);
});
afterAll(async () => {
  await s3?.close();
});

const objectPlaintext = 256 * 16 * 1024;

async function runScrub(client: TestClient): Promise<any> {
  const started = await client.json('POST', '/admin/scrub', {});
  expect(started.status).toBe(200);
  expect(started.body).toEqual({ running: true, startedAt: expect.any(Number) });
  let last: any;
  await settle(
    async () => {
      const health = await client.json('GET', '/admin/storage');
      last = health.body.scrub.last;
      return !health.body.scrub.running && last !== null && last.startedAt >= started.body.startedAt;
    },
    true,
    30_000,
  );
  return last;
}

describe.each(testDialects().map((dialect, i) => [dialect, i] as const))('scrub on %s over a local folder and an S3 bucket', (dialect, bucketIndex) => {
  let server: TestServer;
  let admin: TestClient;
  let raw: RawDatabase;
  let rootId: string;
  let replicas: ReplicaFiles[];
  const names: string[] = [];

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-scrub-'));
    const storage = storageFor('local+s3', s3, dataDir, s3.buckets[bucketIndex]!);
    replicas = storage.replicas;
    server = await startTestServer(dialect, { ...storage.env, COFFER_DATA_DIR: dataDir });
    admin = new TestClient(server.api);
    rootId = (await admin.signIn(adminEmail, adminPassword)).rootFolderId;
    raw = await openRawDatabase(server.config);
  });
  afterAll(async () => {
    await raw?.close();
    await server?.close();
  });

  async function upload(size: number) {
    const name = `secret-name-${randomBytes(6).toString('hex')}.bin`;
    names.push(name);
    const response = await admin.upload(rootId, name, randomBytes(size));
    expect(response.status).toBe(201);
    const keys = (await versionObjects(raw.db, response.body.versionId)).map((o) => o.key);
    return { id: response.body.id as string, versionId: response.body.versionId as string, keys };
  }

  it('is for administrators only', async () => {
    const { client } = await createUser(admin, `scrub-user-${randomBytes(3).toString('hex')}@example.com`, 'a long enough password');
    expectError(await client.json('POST', '/admin/scrub', {}), 403, 'auth.forbidden');
    expectError(await client.json('GET', '/admin/storage'), 403, 'auth.forbidden');
    expectError(await new TestClient(server.api).json('GET', '/admin/storage'), 401, 'auth.required');
  });

  it('reports a clean store, and describes the backends without credentials', async () => {
    await upload(1000);
    const report = await runScrub(admin);
    expect(report).toMatchObject({ repaired: 0, unrepaired: 0, problems: [], problemsOmitted: 0 });
    expect(report.versionsChecked).toBeGreaterThanOrEqual(1);
    expect(report.bytesVerified).toBeGreaterThan(0);
    const health = await admin.json('GET', '/admin/storage');
    expect(health.body).toMatchObject({ writeQuorum: 2, pendingRepairs: 0, scrub: { running: false, intervalMs: 7 * 86_400_000 } });
    expect(health.body.backends.map((b: { description: string }) => b.description)).toEqual([
      `local:${path.join(server.config.dataDir, 'blobs-a')}`,
      `s3:${s3.endpoint}/${s3.buckets[bucketIndex]}/coffer/`,
    ]);
    expect(JSON.stringify(health.body)).not.toContain('S3RVER');
  });

  it('repairs damage on either backend from the other, and reports what it cannot mend by ids only', async () => {
    const flipped = await upload(objectPlaintext + 5000);
    const deleted = await upload(2000);
    const truncated = await upload(3000);
    const lost = await upload(4000);
    const edited = await upload(1000);
    flipBit(replicas[0]!.file(flipped.keys[1]!), 10);
    unlinkSync(replicas[1]!.file(deleted.keys[0]!));
    truncateSync(replicas[1]!.file(truncated.keys[0]!), 5);
    // Gone from both backends: nothing to repair from.
    unlinkSync(replicas[0]!.file(lost.keys[0]!));
    unlinkSync(replicas[1]!.file(lost.keys[0]!));
    await raw.db
      .updateTable('versions')
      .set({ merkle_root: randomBytes(32) })
      .where('id', '=', edited.versionId)
      .execute();
    // An object no version uses, damaged: reported, left to garbage collection.
    const strayKey = randomBytes(32).toString('hex');
    writeFileSync(objectFile({ ...server.config, blobDir: path.join(server.config.dataDir, 'blobs-a') }, strayKey), 'not the bytes of that key');

    const report = await runScrub(admin);
    const simplified = report.problems.map((p: any) => ({
      kind: p.kind,
      fileId: p.fileId,
      objectKey: p.objectKey,
      repaired: p.repaired,
      backend: p.backend?.split(':')[0],
    }));
    expect(simplified).toEqual(
      expect.arrayContaining([
        { kind: 'object-corrupt', fileId: flipped.id, objectKey: flipped.keys[1], repaired: true, backend: 'local' },
        { kind: 'object-missing', fileId: deleted.id, objectKey: deleted.keys[0], repaired: true, backend: 's3' },
        { kind: 'object-corrupt', fileId: truncated.id, objectKey: truncated.keys[0], repaired: true, backend: 's3' },
        { kind: 'object-missing', fileId: lost.id, objectKey: lost.keys[0], repaired: false, backend: 'local' },
        { kind: 'object-missing', fileId: lost.id, objectKey: lost.keys[0], repaired: false, backend: 's3' },
        { kind: 'merkle-mismatch', fileId: edited.id, objectKey: undefined, repaired: false, backend: undefined },
        { kind: 'unreferenced-corrupt', fileId: undefined, objectKey: strayKey, repaired: false, backend: 'local' },
      ]),
    );
    expect(report.problems).toHaveLength(7);
    expect(report).toMatchObject({ repaired: 3, unrepaired: 4 });
    expect(report.problems.find((p: any) => p.kind === 'merkle-mismatch').versionId).toBe(edited.versionId);
    for (const key of [flipped.keys[1]!, deleted.keys[0]!, truncated.keys[0]!]) for (const replica of replicas) expect(replicaIsGood(replica, key)).toBe(true);
    // Never a name: the health report and the stored report hold ids, keys and counts only.
    const stored = JSON.stringify(await raw.db.selectFrom('scrub_reports').selectAll().execute());
    const health = JSON.stringify((await admin.json('GET', '/admin/storage')).body);
    for (const name of names) {
      expect(stored).not.toContain(name);
      expect(health).not.toContain(name);
    }

    // A second scrub finds only what could not be mended.
    const again = await runScrub(admin);
    expect(again.repaired).toBe(0);
    expect(again.problems.map((p: any) => p.kind).sort()).toEqual(['merkle-mismatch', 'object-missing', 'object-missing', 'unreferenced-corrupt']);
  });
});
