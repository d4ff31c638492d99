import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRawDatabase, versionObjects } from '../support/storage-tamper.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { CliUser, makeTempDir } from './support/cli.js';

/** `coffer scrub` as an administrator runs it: the report, the exit code when something could not be mended. */
describe('coffer scrub', () => {
  let server: TestServer;
  let work: string;
  let dataDir: string;

  beforeAll(async () => {
    work = makeTempDir('scrub');
    dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-scrub-e2e-'));
    const storage = [
      { type: 'local', path: 'a' },
      { type: 'local', path: 'b' },
    ];
    server = await startTestServer('sqlite', { COFFER_DATA_DIR: dataDir, COFFER_STORAGE: JSON.stringify(storage) });
  });
  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('repairs a deleted replica and exits 0, then exits 7 when no good copy is left', async () => {
    const admin = new CliUser('admin', work);
    await admin.login(server.url, adminEmail, adminPassword);
    const local = path.join(work, 'report.pdf');
    writeFileSync(local, randomBytes(10_000));
    await admin.ok(['upload', local, '/']);
    const [entry] = await admin.json(['ls', '/report.pdf']);
    const raw = await openRawDatabase(server.config);
    const [object] = await versionObjects(raw.db, entry.versionId);
    await raw.close();
    const fileIn = (folder: string) => path.join(dataDir, folder, 'objects', object!.key.slice(0, 2), object!.key);

    unlinkSync(fileIn('b'));
    const repaired = await admin.ok(['scrub']);
    expect(repaired.stdout).toMatch(/Repaired 1; not repaired 0/);
    expect(repaired.stdout).toContain(`object-missing`);
    expect(repaired.stdout).not.toContain('report.pdf');

    unlinkSync(fileIn('a'));
    unlinkSync(fileIn('b'));
    const failed = await admin.run(['scrub', '--json']);
    expect(failed.code).toBe(7);
    const report = JSON.parse(failed.stdout);
    expect(report).toMatchObject({ repaired: 0, unrepaired: 2 });
    expect(report.problems).toEqual([
      expect.objectContaining({ kind: 'object-missing', objectKey: object!.key, repaired: false }),
      expect.objectContaining({ kind: 'object-missing', objectKey: object!.key, repaired: false }),
    ]);
  });

  it('is refused to a user who is not an administrator', async () => {
    const admin = new CliUser('admin2', work);
    await admin.login(server.url, adminEmail, adminPassword);
    await admin.ok(['user', 'add', '--email', 'plain@example.com', '--password-stdin'], { stdin: 'plain user password 1\n' });
    const plain = new CliUser('plain', work);
    await plain.login(server.url, 'plain@example.com', 'plain user password 1');
    const { error } = await plain.fails(['scrub'], 3);
    expect(error.code).toBe('auth.forbidden');
  });
});
