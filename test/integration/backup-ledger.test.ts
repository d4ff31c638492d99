import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Encrypter } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupNow, restoreBackup, verifyBackup } from '../../src/app/index.js';
import { generateEd25519, leafHash, signNote, verifyConsistency } from '../../src/crypto/index.js';
import { encodeExport, fromPortable, type DatabaseExport, type ExportedTable } from '../../src/db/index.js';
import { openSnapshot, parseIdentityFile, snapshotFiles } from '../../src/features/backup/index.js';
import { openFolderBackupTarget } from '../../src/storage/index.js';
import { emptyInstance, makeAgeKey, populate, type AgeKey } from '../support/backup-helpers.js';
import { TestClient } from '../support/http-client.js';
import { verifiedCheckpoint } from '../support/ledger-helpers.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

type Rows = ExportedTable['rows'];

/**
 * `coffer backup verify` audits the integrity log from the snapshot's database export alone; a restored server
 * continues the same log. Tampered snapshots are made honestly: decrypt the export, edit it, re-encrypt it to the
 * backup recipient and rewrite the manifest's hash, as an attacker holding the backup key could.
 */
describe('backup and the integrity log (sqlite)', () => {
  let work: string;
  let key: AgeKey;
  let source: TestServer;
  let targetDir: string;
  let snapshotId: string;
  let checkpointSize: number;
  let beforeBackup: Awaited<ReturnType<typeof verifiedCheckpoint>>;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'coffer-backup-ledger-'));
    key = makeAgeKey(work);
    targetDir = path.join(work, 'target');
    source = await startTestServer('sqlite', { COFFER_BACKUP_RECIPIENT: key.recipient });
    await populate(source.api);
    const admin = new TestClient(source.api);
    await admin.signIn(adminEmail, adminPassword);
    // A signed checkpoint in the database, as clients fetch them all the time.
    beforeBackup = await verifiedCheckpoint(admin);
    checkpointSize = beforeBackup.size;
    snapshotId = (await backupNow(source.config, targetDir)).snapshotId;
  });
  afterAll(async () => {
    await source?.close();
    rmSync(work, { recursive: true, force: true });
  });

  /** A copy of the target whose snapshot export went through `edit`. */
  async function tampered(name: string, edit: (tables: Map<string, { columns: readonly string[]; rows: Rows }>) => void): Promise<string> {
    const dir = path.join(work, name);
    cpSync(targetDir, dir, { recursive: true });
    const target = await openFolderBackupTarget(dir);
    const identities = parseIdentityFile(key.identityText);
    const opened = await openSnapshot(target, snapshotId, identities);
    const tables = new Map(opened.data.tables.map((t) => [t.name, { columns: t.columns, rows: t.rows }]));
    edit(tables);
    const data: DatabaseExport = { ...opened.data, tables: opened.data.tables.map((t) => ({ name: t.name, ...tables.get(t.name)! })) };
    const sealed = await encryptToKey(gzipSync(encodeExport(data)));
    await target.files.put(opened.manifest.database.file, sealed);
    const manifest = { ...opened.manifest, database: { ...opened.manifest.database, sha256: createHash('sha256').update(sealed).digest('hex') } };
    await target.files.put(snapshotFiles.manifest(snapshotId), await encryptToKey(Buffer.from(JSON.stringify(manifest))));
    return dir;
  }

  async function encryptToKey(plain: Uint8Array): Promise<Uint8Array> {
    const encrypter = new Encrypter();
    encrypter.addRecipient(key.recipient);
    return encrypter.encrypt(plain);
  }

  const column = (t: { columns: readonly string[] }, name: string): number => t.columns.indexOf(name);
  const verify = (dir: string) => verifyBackup(dir, { snapshotId, identityFile: key.identityText });

  it('a snapshot of a server with activity verifies, its log audited from the export', async () => {
    expect(checkpointSize).toBeGreaterThan(10);
    const report = await verify(targetDir);
    expect(report).toMatchObject({ ok: true, otherProblems: [] });
  });

  it('names an edited entry (bytes changed, stored leaf hash left) by its index', async () => {
    const dir = await tampered('edited', (tables) => {
      const t = tables.get('ledger_entries')!;
      const row = t.rows.find((r) => r[column(t, 'idx')] === 3)!;
      const bytes = fromPortable(row[column(t, 'entry')]!) as Buffer;
      bytes[bytes.length - 1]! ^= 1;
      (row as unknown[])[column(t, 'entry')] = { b64: bytes.toString('base64') };
    });
    const report = await verify(dir);
    expect(report.ok).toBe(false);
    expect(report.otherProblems).toContain('integrity log: entry 3: its bytes do not match its stored leaf hash');
  });

  it('names the checkpoint an edit breaks when the stored leaf hash was rewritten too', async () => {
    const dir = await tampered('edited-rehashed', (tables) => {
      const t = tables.get('ledger_entries')!;
      const row = t.rows.find((r) => r[column(t, 'idx')] === 2)! as unknown[];
      const bytes = fromPortable(row[column(t, 'entry')] as never) as Buffer;
      bytes[bytes.length - 1]! ^= 1;
      row[column(t, 'entry')] = { b64: bytes.toString('base64') };
      row[column(t, 'leaf_hash')] = { b64: leafHash(bytes).toString('base64') };
    });
    const report = await verify(dir);
    expect(report.ok).toBe(false);
    expect(report.otherProblems).toContain(`integrity log: checkpoint at size ${checkpointSize}: the entries give another root`);
  });

  it('names a deleted entry by its index', async () => {
    const dir = await tampered('deleted', (tables) => {
      const t = tables.get('ledger_entries')!;
      t.rows = t.rows.filter((r) => r[column(t, 'idx')] !== 5);
    });
    const report = await verify(dir);
    expect(report.ok).toBe(false);
    expect(report.otherProblems).toContain('integrity log: entry 5: missing (the next stored entry is 6)');
  });

  it('names a checkpoint whose signature was forged with another key', async () => {
    const dir = await tampered('forged', (tables) => {
      const t = tables.get('ledger_checkpoints')!;
      const row = t.rows.find((r) => r[column(t, 'size')] === checkpointSize)! as unknown[];
      const note = row[column(t, 'note')] as string;
      const text = note.slice(0, note.indexOf('\n\n') + 1);
      const origin = text.split('\n')[0]!;
      const forger = generateEd25519();
      row[column(t, 'note')] = signNote(text, origin, forger.privateKey, forger.publicKey);
    });
    const report = await verify(dir);
    expect(report.ok).toBe(false);
    expect(report.otherProblems).toContain(`integrity log: checkpoint at size ${checkpointSize}: the signature or its contents do not verify`);
  });

  it('after a restore, the server extends the same log: its checkpoint is consistent with the one signed before the backup', async () => {
    const before = beforeBackup;
    const instance = await emptyInstance('sqlite');
    try {
      await restoreBackup(instance.config, targetDir, { snapshotId, identityFile: key.identityText, allowMissing: false });
      const server = await instance.start();
      const restored = new TestClient(`${server.url}/api/v1`);
      const root = (await restored.signIn(adminEmail, adminPassword)).rootFolderId as string;
      expect((await restored.upload(root, 'after.txt', 'new')).status).toBe(201);
      const after = await verifiedCheckpoint(restored);
      expect(after.vkey).toBe(before.vkey);
      expect(after.size).toBeGreaterThan(before.size);
      const proof = await restored.json('GET', `/ledger/proofs/consistency?from=${before.size}&to=${after.size}`);
      expect(proof.status).toBe(200);
      const hashes = (proof.body.proof as string[]).map((h) => Buffer.from(h, 'base64'));
      expect(verifyConsistency(before.size, after.size, hashes, before.rootHash, after.rootHash)).toBe(true);
      expect(verifyConsistency(before.size, after.size, hashes, Buffer.alloc(32), after.rootHash)).toBe(false);
    } finally {
      await instance.close();
    }
  });
});
