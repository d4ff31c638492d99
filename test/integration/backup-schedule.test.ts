import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups, verifyBackup } from '../../src/app/index.js';
import { pruneTarget, runBackup } from '../../src/features/backup/index.js';
import { openFolderBackupTarget } from '../../src/storage/index.js';
import { makeAgeKey, type AgeKey } from '../support/backup-helpers.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import type { TestClient } from '../support/http-client.js';

const day = 86_400_000;

describe('scheduled backups and pruning', () => {
  let work: string;
  let key: AgeKey;
  let server: TestServer;
  let client: TestClient;
  let rootId: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'coffer-backup-schedule-'));
    key = makeAgeKey(work);
    ({ server, client, rootId } = await startSignedIn('sqlite', {
      COFFER_BACKUP_RECIPIENT: key.recipient,
      COFFER_BACKUP_TARGET: path.join(work, 'scheduled'),
      COFFER_BACKUP_INTERVAL: '1s',
    }));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('the server backs up on its own every interval and prunes after each run (one snapshot a day is kept by default)', async () => {
    expect((await client.upload(rootId, 'kept.bin', randomBytes(100_000))).status).toBe(201);
    const dir = path.join(work, 'scheduled');
    const seen = new Set<string>();
    const deadline = Date.now() + 20_000;
    while (seen.size < 3 && Date.now() < deadline) {
      for (const s of await listBackups(dir).catch(() => [])) seen.add(s.id);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
    const snapshots = await listBackups(dir);
    expect(snapshots).toHaveLength(1);
    expect((await verifyBackup(dir, { snapshotId: snapshots[0]!.id, identityFile: key.identityText })).ok).toBe(true);
  });

  it('prune keeps what the policy says and deletes the objects only dropped snapshots used', async () => {
    const target = await openFolderBackupTarget(path.join(work, 'pruned'));
    const source = { database: server.config.database, blobs: server.running.services.blobs, recipient: key.recipient, cofferVersion: 'test' };
    const start = Date.now() - 10 * day;
    const gone = await client.upload(rootId, 'gone.bin', randomBytes(5 * 1024 * 1024));
    const old = await runBackup(source, target, () => start);
    expect((await client.json('DELETE', `/nodes/${gone.body.id as string}`)).status).toBeLessThan(300);
    expect((await client.json('DELETE', `/trash/${gone.body.id as string}`)).status).toBeLessThan(300);
    const middle = await runBackup(source, target, () => start + day);
    const newest = await runBackup(source, target, () => start + 2 * day);
    expect(newest.objects).toBeLessThan(old.objects);

    const report = await pruneTarget(target, { keepDaily: 1, keepWeekly: 0, keepMonthly: 0 }, 0, Date.now() + 1000);
    expect(report.snapshotsKept).toEqual([newest.snapshotId]);
    expect([...report.snapshotsDeleted].sort()).toEqual([old.snapshotId, middle.snapshotId].sort());
    expect(report.objectsDeleted).toBe(old.objects - newest.objects);
    expect((await verifyBackup(path.join(work, 'pruned'), { snapshotId: undefined, identityFile: key.identityText })).ok).toBe(true);

    const again = await pruneTarget(target, { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 }, 0, Date.now() + 1000);
    expect(again).toMatchObject({ snapshotsDeleted: [], objectsDeleted: 0 });
  });
});
