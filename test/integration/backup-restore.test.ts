import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupNow, listBackups, restoreBackup, verifyBackup } from '../../src/app/index.js';
import { BackupError } from '../../src/features/backup/index.js';
import { emptyInstance, makeAgeKey, picturesOfEveryone, populate, type AccountPicture, type AgeKey } from '../support/backup-helpers.js';
import { testDialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Back up a populated server while it serves, wipe it, restore into an empty instance of the same or the
 * other dialect, and compare what every user sees through the API, byte for byte.
 */
describe.each(testDialects())('backup and restore (%s)', (dialect) => {
  let work: string;
  let key: AgeKey;
  let source: TestServer;
  let before: AccountPicture[];
  let targetDir: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'coffer-backup-'));
    key = makeAgeKey(work);
    targetDir = path.join(work, 'target');
    source = await startTestServer(dialect, { COFFER_BACKUP_RECIPIENT: key.recipient });
    await populate(source.api);
    before = await picturesOfEveryone(source.api);
  });
  afterAll(async () => {
    await source?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up while serving, then a second backup copies no object again', async () => {
    const first = await backupNow(source.config, targetDir);
    expect(first.objects).toBeGreaterThan(4);
    expect(first.objectsCopied).toBe(first.objects);
    expect(first.bytesCopied).toBe(first.objectBytes);
    const second = await backupNow(source.config, targetDir);
    expect(second.objectsCopied).toBe(0);
    expect(second.objects).toBe(first.objects);
    expect((await listBackups(targetDir)).map((s) => s.id)).toEqual([first.snapshotId, second.snapshotId].sort());
    const verified = await verifyBackup(targetDir, { snapshotId: undefined, identityFile: key.identityText });
    expect(verified).toMatchObject({ ok: true, snapshotId: second.snapshotId, objectsChecked: first.objects, objectProblems: [], merkleMismatches: [] });
  });

  for (const into of testDialects()) {
    it(`restores into an empty ${into} instance; every user signs in and reads every file and version as before`, async () => {
      const instance = await emptyInstance(into);
      try {
        const report = await restoreBackup(instance.config, targetDir, { snapshotId: undefined, identityFile: key.identityText, allowMissing: false });
        expect(report.objectProblems).toEqual([]);
        expect(report.rows).toMatchObject({ users: 2 });
        const server = await instance.start();
        expect(await picturesOfEveryone(`${server.url}/api/v1`)).toEqual(before);
      } finally {
        await instance.close();
      }
    });
  }

  it('refuses to restore into a database that holds data, and changes nothing', async () => {
    const before = await listBackups(targetDir);
    const attempt = restoreBackup(source.config, targetDir, { snapshotId: undefined, identityFile: key.identityText, allowMissing: false });
    await expect(attempt).rejects.toMatchObject({ code: 'backup.target_not_empty', message: expect.stringMatching(/not empty.*Nothing was changed/s) });
    expect(await picturesOfEveryone(source.api)).toEqual(await picturesOfEveryone(source.api));
    expect(await listBackups(targetDir)).toEqual(before);
  });

  it('refuses an empty database when the blob folder already holds objects', async () => {
    const instance = await emptyInstance(dialect, { COFFER_BLOB_DIR: source.config.blobDir });
    try {
      await expect(
        restoreBackup(instance.config, targetDir, { snapshotId: undefined, identityFile: key.identityText, allowMissing: false }),
      ).rejects.toMatchObject({
        code: 'backup.target_not_empty',
      });
    } finally {
      await instance.close();
    }
  });

  it('names a snapshot that does not exist', async () => {
    await expect(verifyBackup(targetDir, { snapshotId: '20000101T000000000Z-000000', identityFile: key.identityText })).rejects.toBeInstanceOf(BackupError);
  });
});
