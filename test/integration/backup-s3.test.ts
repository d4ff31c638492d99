import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupNow, listBackups, restoreBackup, verifyBackup } from '../../src/app/index.js';
import { S3SnapshotFiles, parseS3Location } from '../../src/storage/index.js';
import { s3StoreOn, startS3TestServer, type S3TestServer } from '../../src/storage/testing/s3-test-server.js';
import { emptyInstance, makeAgeKey, picturesOfEveryone, populate, type AccountPicture, type AgeKey } from '../support/backup-helpers.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * An S3 bucket as the backup target (s3rver on loopback): back up a populated SQLite server, back up again
 * incrementally, verify, and restore into an empty instance whose users read every file as before.
 */
describe('backup to S3 (sqlite)', () => {
  let work: string;
  let key: AgeKey;
  let s3: S3TestServer;
  let source: TestServer;
  let before: AccountPicture[];
  let location: string;
  const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'coffer-backup-s3-'));
    key = makeAgeKey(work);
    s3 = await startS3TestServer(1);
    // Credentials reach the SDK through its default chain, as documented; s3rver accepts these.
    process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
    process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
    location = `s3://${s3.buckets[0]}/backups/coffer?endpoint=${encodeURIComponent(s3.endpoint)}&region=us-east-1&forcePathStyle=true`;
    source = await startTestServer('sqlite', { COFFER_BACKUP_RECIPIENT: key.recipient });
    await populate(source.api);
    before = await picturesOfEveryone(source.api);
  });
  afterAll(async () => {
    await source?.close();
    await s3?.close();
    if (savedEnv.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    else process.env.AWS_ACCESS_KEY_ID = savedEnv.id;
    if (savedEnv.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    else process.env.AWS_SECRET_ACCESS_KEY = savedEnv.secret;
    rmSync(work, { recursive: true, force: true });
  });

  it('reads an s3:// target address, and refuses credentials in it or unknown settings', () => {
    expect(parseS3Location('s3://bk/a/b?endpoint=http%3A%2F%2F127.0.0.1%3A9000&region=eu-1&forcePathStyle=true')).toEqual({
      bucket: 'bk',
      prefix: 'a/b',
      region: 'eu-1',
      forcePathStyle: true,
      endpoint: 'http://127.0.0.1:9000',
    });
    expect(() => parseS3Location('s3://AKIA:secret@bk/x')).toThrow(/AWS_ACCESS_KEY_ID/);
    expect(() => parseS3Location('s3://bk/x?secretAccessKey=y')).toThrow(/Unknown S3 backup target setting/);
    expect(() => parseS3Location('s3:///x')).toThrow(/s3:\/\/bucket/);
  });

  it("refuses a target that is the server's own storage (pruning it would delete live objects)", async () => {
    await expect(backupNow(source.config, source.config.blobDir)).rejects.toMatchObject({ code: 'backup.target_is_storage' });
  });

  it('backs up into the bucket under the prefix, incrementally, and the snapshot verifies', async () => {
    const first = await backupNow(source.config, location);
    expect(first.objectsCopied).toBe(first.objects);
    expect(first.objects).toBeGreaterThan(4);
    const second = await backupNow(source.config, location);
    expect(second.objectsCopied).toBe(0);
    expect((await listBackups(location)).map((s) => s.id)).toEqual([first.snapshotId, second.snapshotId].sort());

    // The layout: objects where an S3 blob store with this prefix keeps them, snapshot files beside them.
    const objects = s3StoreOn(s3, s3.buckets[0]!, { prefix: 'backups/coffer' });
    const files = new S3SnapshotFiles(s3.storeOptions(s3.buckets[0]!, { prefix: 'backups/coffer' }));
    try {
      let count = 0;
      for await (const _ of objects.list()) count += 1;
      expect(count).toBe(first.objects);
      expect(await files.list()).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${second.snapshotId}\\.`))]));
      expect(await files.get('no-such-file')).toBeUndefined();
    } finally {
      objects.close();
      files.close();
    }

    const verified = await verifyBackup(location, { snapshotId: undefined, identityFile: key.identityText });
    expect(verified).toMatchObject({ ok: true, snapshotId: second.snapshotId, objectsChecked: first.objects, objectProblems: [], otherProblems: [] });
  });

  it('restores from the bucket into an empty instance; every user reads every file and version as before', async () => {
    const instance = await emptyInstance('sqlite');
    try {
      const report = await restoreBackup(instance.config, location, { snapshotId: undefined, identityFile: key.identityText, allowMissing: false });
      expect(report.objectProblems).toEqual([]);
      const server = await instance.start();
      expect(await picturesOfEveryone(`${server.url}/api/v1`)).toEqual(before);
    } finally {
      await instance.close();
    }
  });
});
