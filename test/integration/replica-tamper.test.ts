import { randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, readFileSync, renameSync, truncateSync, unlinkSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { merkleRoot } from '../../src/crypto/index.js';
import { ReplicatedBlobStore } from '../../src/storage/index.js';
import { TestClient } from '../support/http-client.js';
import { replicaIsGood, startS3TestServer, storageFor, type ReplicaFiles, type S3TestServer, type StorageSetup } from '../support/storage-backends.js';
import { fetchTransfer, flipBit, openRawDatabase, versionObjects, type RawDatabase, type Transfer } from '../support/storage-tamper.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The storage half of the tamper campaign on an S3 bucket alone and on two replicated pairs (tamper.test.ts covers a
 * local folder alone in depth). Damage on one backend must never be served as good data: alone, a download fails;
 * with a good replica, the download succeeds from it and the bad copy is repaired. Runs on SQLite only: the database
 * plays no part in how objects are read, and scrub.test.ts runs the database side on both dialects.
 */

const objectPlaintext = 256 * 16 * 1024;
let s3: S3TestServer;

beforeAll(async () => {
  s3 = await startS3TestServer(3);
});
afterAll(async () => {
  await s3?.close();
});

describe.each<[StorageSetup, number]>([
  ['s3', 0],
  ['local+s3', 1],
  ['local+local', 2],
])('tampered objects on %s', (setup, bucketIndex) => {
  let server: TestServer;
  let client: TestClient;
  let raw: RawDatabase;
  let rootId: string;
  let replicas: ReplicaFiles[];
  const replicated = setup !== 's3';

  beforeAll(async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-replica-'));
    const storage = storageFor(setup, s3, dataDir, s3.buckets[bucketIndex]!);
    replicas = storage.replicas;
    server = await startTestServer('sqlite', { ...storage.env, COFFER_DATA_DIR: dataDir });
    client = new TestClient(server.api);
    rootId = (await client.signIn(adminEmail, adminPassword)).rootFolderId;
    raw = await openRawDatabase(server.config);
  });
  afterAll(async () => {
    await raw?.close();
    await server?.close();
  });

  interface Uploaded {
    readonly id: string;
    readonly versionId: string;
    readonly data: Buffer;
    readonly keys: string[];
  }

  async function upload(size = objectPlaintext + 50_000, name = `f-${randomBytes(6).toString('hex')}.bin`, onConflict?: 'version'): Promise<Uploaded> {
    const data = randomBytes(size);
    const response = await client.upload(rootId, name, data, onConflict ? { onConflict } : {});
    expect([200, 201]).toContain(response.status);
    const keys = (await versionObjects(raw.db, response.body.versionId)).map((o) => o.key);
    for (const replica of replicas) for (const key of keys) expect(replicaIsGood(replica, key)).toBe(true);
    return { id: response.body.id, versionId: response.body.versionId, data, keys };
  }

  async function repairsSettled(): Promise<void> {
    const blobs = server.running.services.blobs;
    if (blobs instanceof ReplicatedBlobStore) await blobs.settle();
  }

  /** Alone: never served as good. Replicated: served whole and by range from the good replica, then repaired. */
  async function expectOutcome(file: Uploaded, damagedKeys: readonly string[]): Promise<void> {
    const whole = await fetchTransfer(`${server.api}/files/${file.id}/content`, client.headers());
    // Inside chunk 1 of object 1, where the bit flips below land.
    const rangeStart = objectPlaintext + 16 * 1024 + 1000;
    const ranged = await fetchTransfer(`${server.api}/files/${file.id}/content`, client.headers({ range: `bytes=${rangeStart}-${rangeStart + 999}` }));
    if (!replicated) {
      // The whole file needs every damaged byte: it must never arrive as complete.
      expectNotServedAsGood(whole, file.data, 0, true);
      // A range is refused when it needs damaged bytes; one that does not may be served, and must then be exact.
      expectNotServedAsGood(ranged, file.data, rangeStart, false);
      return;
    }
    expect(whole.status).toBe(200);
    expect(whole.completed).toBe(true);
    expect(whole.bytes.equals(file.data)).toBe(true);
    expect(ranged.status).toBe(206);
    expect(ranged.bytes.equals(file.data.subarray(rangeStart, rangeStart + 1000))).toBe(true);
    await repairsSettled();
    for (const key of damagedKeys)
      for (const replica of replicas) expect(replicaIsGood(replica, key), `${replica.kind} copy of ${key} not repaired`).toBe(true);
  }

  it('a flipped bit in one backend’s copy', async () => {
    const file = await upload();
    flipBit(replicas[0]!.file(file.keys[1]!), 20_000, 2);
    await expectOutcome(file, [file.keys[1]!]);
  });

  it('a truncated copy', async () => {
    const file = await upload();
    truncateSync(replicas[0]!.file(file.keys[1]!), 1000);
    await expectOutcome(file, [file.keys[1]!]);
  });

  it('an extended copy', async () => {
    const file = await upload();
    appendFileSync(replicas[0]!.file(file.keys[1]!), randomBytes(100));
    await expectOutcome(file, [file.keys[1]!]);
  });

  it('an object swapped with another file’s', async () => {
    const a = await upload();
    const b = await upload();
    const fileA = replicas[0]!.file(a.keys[1]!);
    const fileB = replicas[0]!.file(b.keys[1]!);
    renameSync(fileA, `${fileA}.parked`);
    renameSync(fileB, fileA);
    renameSync(`${fileA}.parked`, fileB);
    await expectOutcome(a, [a.keys[1]!]);
    await expectOutcome(b, [b.keys[1]!]);
  });

  it('objects of one file reordered in the store', async () => {
    const file = await upload(2 * objectPlaintext + 1000);
    const first = replicas[0]!.file(file.keys[0]!);
    const second = replicas[0]!.file(file.keys[1]!);
    // Same size, so only their content (and the AES-GCM nonces bound to each chunk index) tells them apart.
    renameSync(first, `${first}.parked`);
    renameSync(second, first);
    renameSync(`${first}.parked`, second);
    await expectOutcome(file, [file.keys[0]!, file.keys[1]!]);
  });

  it('one backend’s copy deleted', async () => {
    const file = await upload();
    unlinkSync(replicas[0]!.file(file.keys[1]!));
    await expectOutcome(file, [file.keys[1]!]);
  });

  it('an old version’s object put back in place of the new one (rollback)', async () => {
    const name = `rollback-${randomBytes(4).toString('hex')}.bin`;
    const v1 = await upload(objectPlaintext + 50_000, name);
    const v2 = await upload(objectPlaintext + 50_000, name, 'version');
    expect(v2.id).toBe(v1.id);
    copyFileSync(replicas[0]!.file(v1.keys[1]!), replicas[0]!.file(v2.keys[1]!));
    await expectOutcome(v2, [v2.keys[1]!]);
  });

  it('a database edit of the object list or the Merkle root is refused, whatever the replicas hold', async () => {
    const victim = await upload();
    const donor = await upload();
    // Another file's list with a recomputed root: every replica holds those objects intact, yet they are not this file's.
    await raw.db.deleteFrom('version_objects').where('version_id', '=', victim.versionId).execute();
    await raw.db
      .insertInto('version_objects')
      .values(donor.keys.map((key, idx) => ({ version_id: victim.versionId, idx, object_key: key, size: readFileSync(replicas[0]!.file(key)).length })))
      .execute();
    await raw.db
      .updateTable('versions')
      .set({ merkle_root: merkleRoot(donor.keys.map((k) => Buffer.from(k, 'hex'))) })
      .where('id', '=', victim.versionId)
      .execute();
    const swapped = await client.download(victim.id);
    expect(swapped.status).toBe(500);
    expect(JSON.parse(swapped.bytes.toString('utf8')).error.code).toBe('storage.integrity_failed');

    const edited = await upload();
    await raw.db
      .updateTable('versions')
      .set({ merkle_root: randomBytes(32) })
      .where('id', '=', edited.versionId)
      .execute();
    const rooted = await client.download(edited.id);
    expect(rooted.status).toBe(500);
    expect(JSON.parse(rooted.bytes.toString('utf8')).error.code).toBe('storage.integrity_failed');
    // The replicas were never at fault: nothing was rewritten.
    await repairsSettled();
    for (const replica of replicas) for (const key of [...donor.keys, ...edited.keys]) expect(replicaIsGood(replica, key)).toBe(true);
  });
});

function expectNotServedAsGood(transfer: Transfer, original: Buffer, start: number, mustFail: boolean): void {
  if (transfer.status === 500) {
    expect(JSON.parse(transfer.bytes.toString('utf8')).error.code).toBe('storage.integrity_failed');
    return;
  }
  const declared = Number(transfer.headers.get('content-length'));
  const complete = transfer.completed && transfer.bytes.length === declared;
  if (mustFail) expect(complete, 'tampered data was served as complete').toBe(false);
  // Whatever arrived was verified: a correct prefix (or all) of the requested bytes.
  expect(transfer.bytes.equals(original.subarray(start, start + transfer.bytes.length))).toBe(true);
}
