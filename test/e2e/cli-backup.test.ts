import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyInstance, makeAgeKey, picturesOfEveryone, populate, type AccountPicture, type AgeKey } from '../support/backup-helpers.js';
import { testDialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { describeResult, jsonError, runCoffer } from './support/cli.js';

/** Moving to PostgreSQL as the README tells an operator: `coffer backup`, then `coffer backup restore` with COFFER_DATABASE_URL. */
describe('coffer backup through the binary', () => {
  let work: string;
  let key: AgeKey;
  let source: TestServer;
  let before: AccountPicture[];
  let targetDir: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'coffer-cli-backup-'));
    key = makeAgeKey(work);
    targetDir = path.join(work, 'target');
    source = await startTestServer('sqlite');
    await populate(source.api);
    before = await picturesOfEveryone(source.api);
  });
  afterAll(async () => {
    await source?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('backs up, lists and verifies', async () => {
    const env = { COFFER_DATA_DIR: source.dataDir, COFFER_BACKUP_RECIPIENT: key.recipient };
    const missing = await runCoffer(['backup', targetDir], { env: { COFFER_DATA_DIR: source.dataDir } });
    expect(jsonError(await runCoffer(['backup', targetDir, '--json'], { env: { COFFER_DATA_DIR: source.dataDir } })).code).toBe('backup.recipient_missing');
    expect(missing.code).not.toBe(0);
    const backup = await runCoffer(['backup', targetDir, '--json'], { env });
    expect(backup.code, describeResult(['backup'], backup)).toBe(0);
    const { snapshotId } = JSON.parse(backup.stdout) as { snapshotId: string };
    const list = await runCoffer(['backup', 'list', targetDir]);
    expect(list.stdout).toContain(snapshotId);
    const verify = await runCoffer(['backup', 'verify', targetDir, '--identity', key.identityFile]);
    expect(verify.code, describeResult(['backup', 'verify'], verify)).toBe(0);
    expect(verify.stdout).toContain('The snapshot is intact.');
    const wrong = await runCoffer(['backup', 'verify', targetDir, '--identity', makeAgeKey(work, 'other.txt').identityFile, '--json']);
    expect(jsonError(wrong).code).toBe('backup.identity_wrong');
  });

  it('refuses to restore over the live data, changing nothing', async () => {
    const result = await runCoffer(['backup', 'restore', targetDir, '--identity', key.identityFile], { env: { COFFER_DATA_DIR: source.dataDir } });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/not empty.*Nothing was changed/s);
    expect(await picturesOfEveryone(source.api)).toEqual(before);
  });

  for (const dialect of testDialects()) {
    it(`restores into an empty ${dialect} store; the server then serves every user's files as before`, async () => {
      const instance = await emptyInstance(dialect);
      try {
        const env = {
          COFFER_DATA_DIR: instance.dataDir,
          ...(instance.config.database.dialect === 'postgres' ? { COFFER_DATABASE_URL: instance.config.database.url } : {}),
        };
        // Both spellings: `coffer backup restore` and the issue's `coffer restore TARGET --identity FILE`.
        const command = dialect === 'sqlite' ? ['restore'] : ['backup', 'restore'];
        const restore = await runCoffer([...command, targetDir, '--identity', key.identityFile], { env, timeoutMs: 120_000 });
        expect(restore.code, describeResult(command, restore)).toBe(0);
        expect(restore.stdout).toMatch(/Restored snapshot \S+: \d+ objects/);
        const server = await instance.start();
        expect(await picturesOfEveryone(`${server.url}/api/v1`)).toEqual(before);
      } finally {
        await instance.close();
      }
    });
  }
});
