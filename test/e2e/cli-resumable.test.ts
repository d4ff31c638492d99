import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { CliUser, makeTempDir, writeTree } from './support/cli.js';

/** `coffer upload --resumable`: the same result as a plain upload, over tus (sqlite only: the protocol suites cover both dialects). */
describe('coffer upload --resumable', () => {
  let server: TestServer;
  let work: string;

  beforeAll(async () => {
    work = makeTempDir('resumable');
    server = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('uploads a folder tree over tus, makes a new version on a second run, and downloads the same bytes', async () => {
    const user = new CliUser('resumable', work);
    await user.login(server.url, adminEmail, adminPassword);
    const source = path.join(work, 'tree');
    const big = randomBytes(17 * 1024 * 1024 + 5);
    writeTree(source, { 'big.bin': big, 'small.txt': 'hello\n', 'empty.txt': '' });
    const first = await user.json(['upload', '--resumable', source, '/']);
    expect(first.files.map((f: { remotePath: string; size: number }) => [f.remotePath, f.size]).sort()).toEqual([
      ['/tree/big.bin', big.length],
      ['/tree/empty.txt', 0],
      ['/tree/small.txt', 6],
    ]);
    const second = await user.json(['upload', '--resumable', path.join(source, 'small.txt'), '/tree']);
    expect(second.files[0].versionNumber).toBe(2);
    const target = path.join(work, 'back.bin');
    await user.ok(['download', '/tree/big.bin', target]);
    expect(readFileSync(target).equals(big)).toBe(true);
  });
});
