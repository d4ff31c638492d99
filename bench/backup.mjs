// `npm run bench:backup`: time and size of a first and an incremental backup, and of a restore.
// Default: 1,000 files of 1 MiB (1 GiB). Shrink on a busy machine: BENCH_BACKUP_FILES=200 BENCH_BACKUP_FILE_MIB=1.
// The incremental backup follows a change of 1 % of the files (new files of the same size).
// Runs in one process over the built code (dist/): the server serves on loopback while the backup reads.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { backupNow, createFirstAdmin, restoreBackup, startServer } from '../dist/app/index.js';
import { loadConfig } from '../dist/config/index.js';

const files = Number(process.env.BENCH_BACKUP_FILES ?? 1000);
const fileMiB = Number(process.env.BENCH_BACKUP_FILE_MIB ?? 1);
const work = mkdtempSync(path.join(tmpdir(), 'coffer-bench-backup-'));
const keyFile = path.join(work, 'key.txt');
execFileSync('age-keygen', ['-o', keyFile], { stdio: 'pipe' });
const recipient = execFileSync('age-keygen', ['-y', keyFile], { encoding: 'utf8' }).trim();
const identityFile = readFileSync(keyFile, 'utf8');

const configFor = (dir) => loadConfig({ COFFER_DATA_DIR: dir, COFFER_PORT: '0', COFFER_LOG_LEVEL: 'silent', COFFER_BACKUP_RECIPIENT: recipient }, dir);
const duSize = (dir) => {
  let total = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else total += statSync(p).size;
    }
  };
  walk(dir);
  return total;
};
const mib = (bytes) => Math.round((bytes / 2 ** 20) * 10) / 10;
const timed = async (work) => {
  const start = performance.now();
  const result = await work();
  return { result, seconds: Math.round((performance.now() - start) / 100) / 10 };
};

try {
  const source = configFor(path.join(work, 'source'));
  await createFirstAdmin(source, 'bench@example.com', 'bench password 123');
  const server = await startServer(source, () => undefined);
  const api = `${server.url}/api/v1`;
  const signIn = await fetch(`${api}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123' }),
  });
  const { token, user } = await signIn.json();
  const upload = async (name) => {
    const response = await fetch(`${api}/files?${new URLSearchParams({ parentId: user.rootFolderId, name })}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: randomBytes(fileMiB * 2 ** 20),
    });
    if (response.status !== 201) throw new Error(`upload failed: ${response.status}`);
  };
  const seeded = await timed(async () => {
    for (let i = 0; i < files; i += 4) await Promise.all([0, 1, 2, 3].filter((j) => i + j < files).map((j) => upload(`file-${i + j}.bin`)));
  });
  const target = path.join(work, 'target');
  const first = await timed(() => backupNow(source, target));
  const afterFirst = duSize(target);
  const changed = Math.max(1, Math.round(files / 100));
  for (let i = 0; i < changed; i += 1) await upload(`new-${i}.bin`);
  const incremental = await timed(() => backupNow(source, target));
  const afterIncremental = duSize(target);
  await server.close();

  const restoredDir = path.join(work, 'restored');
  const restore = await timed(() => restoreBackup(configFor(restoredDir), target, { snapshotId: undefined, identityFile, allowMissing: false }));
  console.log(
    JSON.stringify(
      {
        files,
        fileMiB,
        dataMiB: files * fileMiB,
        uploadSeconds: seeded.seconds,
        firstBackup: {
          seconds: first.seconds,
          objectsCopied: first.result.objectsCopied,
          targetMiB: mib(afterFirst),
          databaseExportKiB: Math.round(first.result.databaseBytes / 1024),
        },
        incrementalBackup: {
          changedFiles: changed,
          seconds: incremental.seconds,
          objectsCopied: incremental.result.objectsCopied,
          addedMiB: mib(afterIncremental - afterFirst),
        },
        restore: { seconds: restore.seconds, objects: restore.result.objectsRestored, MiB: mib(restore.result.bytesRestored) },
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
