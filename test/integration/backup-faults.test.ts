import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupNow, listBackups, restoreBackup, verifyBackup } from '../../src/app/index.js';
import { cleanPartialSnapshots, runBackup, snapshotFiles } from '../../src/features/backup/index.js';
import { openFolderBackupTarget, type BackupTarget, type BlobStore } from '../../src/storage/index.js';
import { emptyInstance, makeAgeKey, type AgeKey } from '../support/backup-helpers.js';
import { TestClient } from '../support/http-client.js';

import { adminEmail, adminPassword, startSignedIn, type TestServer } from '../support/test-server.js';
import { cleanEnv, cofferBin } from '../e2e/support/cli.js';

/** Faults around backups, on SQLite (the dialect does not matter here; the round trips cover both). */
describe('backup faults', () => {
  let work: string;
  let key: AgeKey;
  let server: TestServer;
  let client: TestClient;
  const files: Record<string, { id: string; bytes: Buffer }> = {};

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'coffer-backup-faults-'));
    key = makeAgeKey(work);
    const started = await startSignedIn('sqlite', { COFFER_BACKUP_RECIPIENT: key.recipient });
    server = started.server;
    client = started.client;
    for (const [name, size] of [
      ['a.bin', 5 * 1024 * 1024],
      ['b.bin', 300_000],
      ['c.bin', 2000],
    ] as const) {
      const bytes = randomBytes(size);
      const uploaded = await client.upload(started.rootId, name, bytes);
      expect(uploaded.status).toBe(201);
      files[name] = { id: uploaded.body.id as string, bytes };
    }
  });
  afterAll(async () => {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const source = () => ({ database: server.config.database, blobs: server.running.services.blobs, recipient: key.recipient, cofferVersion: 'test' });
  const freshTarget = (name: string) => path.join(work, name);

  /** A target whose object store fails (disk full, vanished mount) after `okPuts` puts. */
  function failingAfter(target: BackupTarget, okPuts: number, code: 'ENOSPC' | 'ENOENT'): BackupTarget {
    let puts = 0;
    const objects: BlobStore = {
      description: 'failing',
      put: async (k, data) => {
        puts += 1;
        if (puts > okPuts) throw Object.assign(new Error(`${code}: simulated`), { code });
        await target.objects.put(k, data);
      },
      get: (k, r, into) => target.objects.get(k, r, into),
      stat: (k) => target.objects.stat(k),
      delete: (k) => target.objects.delete(k),
      list: () => target.objects.list(),
    };
    return { ...target, objects };
  }

  it('a target that fills up mid-backup keeps the previous snapshot valid; the partial one is cleaned next time', async () => {
    const dir = freshTarget('fills-up');
    const target = await openFolderBackupTarget(dir);
    const first = await runBackup(source(), target);
    // New content, so the next backup has objects to copy; the target gives out after one of them.
    await client.upload(await rootOf(), 'later.bin', randomBytes(9 * 1024 * 1024));
    await expect(runBackup(source(), failingAfter(target, 1, 'ENOSPC'))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect((await listBackups(dir)).map((s) => s.id)).toEqual([first.snapshotId]);
    expect((await verifyBackup(dir, { snapshotId: first.snapshotId, identityFile: key.identityText })).ok).toBe(true);

    // The files store fails while writing the database export: a snapshot without manifest remains.
    const files = target.files;
    const brokenFiles = {
      ...target,
      files: {
        ...files,
        list: () => files.list(),
        get: (n: string) => files.get(n),
        delete: (n: string) => files.delete(n),
        put: async (n: string, d: Uint8Array) => {
          if (n.endsWith('.db.age')) throw Object.assign(new Error('ENOENT: target vanished'), { code: 'ENOENT' });
          await files.put(n, d);
        },
      },
    };
    await expect(runBackup(source(), brokenFiles)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(readdirSync(path.join(dir, 'snapshots')).some((n) => n.endsWith('.objects') && !n.startsWith(first.snapshotId))).toBe(true);
    expect((await listBackups(dir)).map((s) => s.id)).toEqual([first.snapshotId]);

    const next = await runBackup(source(), target);
    expect(next.partialSnapshotsCleaned).toBe(1);
    expect(readdirSync(path.join(dir, 'snapshots')).filter((n) => !n.startsWith(first.snapshotId) && !n.startsWith(next.snapshotId))).toEqual([]);
    expect((await verifyBackup(dir, { snapshotId: undefined, identityFile: key.identityText })).ok).toBe(true);
  });

  async function rootOf(): Promise<string> {
    const signedIn = new TestClient(server.api);
    return (await signedIn.signIn(adminEmail, adminPassword)).rootFolderId as string;
  }

  it('refuses the wrong age identity with a clear error', async () => {
    const dir = freshTarget('wrong-identity');
    await backupNow(server.config, dir);
    const other = makeAgeKey(work, 'other-key.txt');
    await expect(verifyBackup(dir, { snapshotId: undefined, identityFile: other.identityText })).rejects.toMatchObject({
      code: 'backup.identity_wrong',
      message: expect.stringContaining('not encrypted to this identity'),
    });
    await expect(verifyBackup(dir, { snapshotId: undefined, identityFile: 'not a key' })).rejects.toMatchObject({ code: 'backup.identity_invalid' });
  });

  it('interoperates with the age tool: Coffer manifests decrypt with `age -d`, and manifests from `age -r` open in Coffer', async () => {
    const dir = freshTarget('interop');
    const { snapshotId } = await backupNow(server.config, dir);
    const manifestPath = path.join(dir, 'snapshots', snapshotFiles.manifest(snapshotId));
    const plain = execFileSync('age', ['-d', '-i', key.identityFile, manifestPath]);
    const manifest = JSON.parse(plain.toString('utf8')) as { format: string; id: string; objects: { count: number } };
    expect(manifest).toMatchObject({ format: 'coffer-backup-manifest', id: snapshotId });
    const dbPlainGz = execFileSync('age', ['-d', '-i', key.identityFile, path.join(dir, 'snapshots', snapshotFiles.database(snapshotId))]);
    expect(execFileSync('gzip', ['-dc'], { input: dbPlainGz }).toString('utf8').split('\n')[0]).toContain('"format":"coffer-db-export"');

    writeFileSync(path.join(work, 'manifest.json'), plain);
    execFileSync('age', ['-r', key.recipient, '-o', manifestPath, path.join(work, 'manifest.json')]);
    const verified = await verifyBackup(dir, { snapshotId, identityFile: key.identityText });
    expect(verified).toMatchObject({ ok: true, objectsChecked: manifest.objects.count });
  });

  it('verify names a missing and a corrupted object by key and file/version id; restore refuses, or with allowMissing restores the rest', async () => {
    const dir = freshTarget('damaged');
    await backupNow(server.config, dir);
    const objectPath = (k: string) => path.join(dir, 'objects', k.slice(0, 2), k);
    const keysOf = async (fileId: string) => {
      const version = (await client.json('GET', `/files/${fileId}/versions`)).body.versions[0] as { id: string };
      const db = new SqliteDatabase((server.config.database as { file: string }).file, { readonly: true });
      try {
        const rows = db.prepare('select object_key from version_objects where version_id = ? order by idx').all(version.id) as { object_key: string }[];
        return { versionId: version.id, keys: rows.map((r) => r.object_key) };
      } finally {
        db.close();
      }
    };
    const b = await keysOf(files['b.bin']!.id);
    const c = await keysOf(files['c.bin']!.id);
    rmSync(objectPath(b.keys[0]!));
    const corrupt = readFileSync(objectPath(c.keys[0]!));
    corrupt[10]! ^= 1;
    writeFileSync(objectPath(c.keys[0]!), corrupt);

    const report = await verifyBackup(dir, { snapshotId: undefined, identityFile: key.identityText });
    expect(report.ok).toBe(false);
    expect(report.objectProblems).toEqual(
      expect.arrayContaining([
        { key: b.keys[0], problem: 'missing', usedBy: [{ fileId: files['b.bin']!.id, versionId: b.versionId }] },
        { key: c.keys[0], problem: 'corrupt', usedBy: [{ fileId: files['c.bin']!.id, versionId: c.versionId }] },
      ]),
    );
    expect(report.objectProblems).toHaveLength(2);
    expect(JSON.stringify(report)).not.toContain('.bin');

    const instance = await emptyInstance('sqlite');
    try {
      await expect(restoreBackup(instance.config, dir, { snapshotId: undefined, identityFile: key.identityText, allowMissing: false })).rejects.toMatchObject({
        code: 'backup.objects_missing',
        message: expect.stringMatching(new RegExp(`${b.keys[0]} missing; used by file ${files['b.bin']!.id} version ${b.versionId}`)),
      });
      expect(
        existsSync(instance.config.blobDir)
          ? readdirSync(path.join(instance.config.blobDir, 'objects')).flatMap((p) => readdirSync(path.join(instance.config.blobDir, 'objects', p)))
          : [],
      ).toEqual([]);

      const partial = await restoreBackup(instance.config, dir, { snapshotId: undefined, identityFile: key.identityText, allowMissing: true });
      expect(partial.objectProblems.map((p) => p.key).sort()).toEqual([b.keys[0], c.keys[0]].sort());
      const restored = await instance.start();
      const reader = new TestClient(`${restored.url}/api/v1`);
      await reader.signIn(adminEmail, adminPassword);
      expect((await reader.download(files['a.bin']!.id)).bytes.equals(files['a.bin']!.bytes)).toBe(true);
      expect((await reader.download(files['b.bin']!.id)).status).toBeGreaterThanOrEqual(500);
    } finally {
      await instance.close();
    }
  });

  it('a backup process killed mid-way leaves the previous snapshot valid; the next backup and verify succeed', async () => {
    const dir = freshTarget('killed');
    await backupNow(server.config, dir);
    await client.upload(await rootOf(), 'bulk.bin', randomBytes(40 * 1024 * 1024));
    const env = cleanEnv({ COFFER_DATA_DIR: server.dataDir, COFFER_BACKUP_RECIPIENT: key.recipient, COFFER_LOG_LEVEL: 'silent' });
    const child = spawn(process.execPath, [cofferBin, 'backup', dir], { env, stdio: 'ignore' });
    const before = countObjects(dir);
    const deadline = Date.now() + 30_000;
    while (countObjects(dir) === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));
    expect(countObjects(dir)).toBeGreaterThan(before);
    expect(await listBackups(dir)).toHaveLength(1);
    expect((await verifyBackup(dir, { snapshotId: undefined, identityFile: key.identityText })).ok).toBe(true);

    const next = await backupNow(server.config, dir);
    expect(next.objectsCopied).toBeLessThan(next.objects);
    expect(await listBackups(dir)).toHaveLength(2);
    expect((await verifyBackup(dir, { snapshotId: next.snapshotId, identityFile: key.identityText })).ok).toBe(true);
    expect(await cleanPartialSnapshots(await openFolderBackupTarget(dir))).toBe(0);
  });
});

function countObjects(dir: string): number {
  const root = path.join(dir, 'objects');
  if (!existsSync(root)) return 0;
  return readdirSync(root).reduce((n, p) => n + readdirSync(path.join(root, p)).length, 0);
}
