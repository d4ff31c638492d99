import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDavServer, type DavClient } from '../support/dav-client.js';
import type { TestServer } from '../support/test-server.js';

const run = promisify(execFile);

/**
 * Debian's rclone with a webdav remote: 1,000 files of mixed sizes up, back down, `rclone check` finds no
 * difference; again after renames and deletes made through WebDAV. SQLite only: at about a minute per run
 * on a shared 2-core machine, both dialects would double the time, and every method is already covered on
 * both by dav.test.ts and litmus.
 */
describe('rclone over WebDAV (sqlite)', () => {
  let server: TestServer;
  let dav: DavClient;
  let work: string;
  let rclone: (...args: string[]) => Promise<string>;

  beforeAll(async () => {
    ({ server, dav } = await startDavServer('sqlite'));
    work = mkdtempSync(path.join(tmpdir(), 'coffer-rclone-'));
    const pass = (await run('rclone', ['obscure', dav.token])).stdout.trim();
    const config = path.join(work, 'rclone.conf');
    writeFileSync(config, `[coffer]\ntype = webdav\nurl = ${server.url}/dav/\nvendor = other\nuser = ${dav.email}\npass = ${pass}\n`);
    rclone = async (...args) => {
      const result = await run('rclone', ['--config', config, '--transfers', '4', '--checkers', '4', ...args], { timeout: 150_000 }).catch(
        (err: { stdout?: string; stderr?: string; code?: number }) => {
          throw new Error(`rclone ${args.join(' ')} failed (${err.code}): ${err.stderr}`);
        },
      );
      return `${result.stdout}${result.stderr}`;
    };
    const source = path.join(work, 'up');
    for (let i = 0; i < 1000; i++) {
      const dir = path.join(source, `d${i % 10}`, `s${i % 3}`);
      mkdirSync(dir, { recursive: true });
      // Mostly small files, some empty, a few spanning several 16 KiB chunks and one several storage objects.
      const size = i === 7 ? 9 * 1024 * 1024 : i % 100 === 0 ? 200_000 + i : i % 13 === 0 ? 0 : (i % 7) * 1000 + i;
      writeFileSync(path.join(dir, i % 50 === 0 ? `f${i} é ü (x).txt` : `f${i}.bin`), randomBytes(size));
    }
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('copies 1,000 files up and down with no differences, and again after renames and deletes', async () => {
    const up = path.join(work, 'up');
    const down = path.join(work, 'down');
    await rclone('copy', up, 'coffer:tree');
    expect(await rclone('check', up, 'coffer:tree')).toMatch(/0 differences found[\s\S]*1000 matching files/);
    await rclone('copy', 'coffer:tree', down);
    expect(await rclone('check', up, down, '--download')).toMatch(/0 differences found[\s\S]*1000 matching files/);

    // Renames (a folder and a file) and deletes (a folder and a file) on the server, mirrored locally.
    await rclone('moveto', 'coffer:tree/d1', 'coffer:tree/d1-renamed');
    await rclone('moveto', 'coffer:tree/d3/s0/f33.bin', 'coffer:tree/d3/s0/f33-renamed.bin');
    await rclone('purge', 'coffer:tree/d2');
    await rclone('deletefile', 'coffer:tree/d4/s1/f4.bin');
    renameSync(path.join(up, 'd1'), path.join(up, 'd1-renamed'));
    renameSync(path.join(up, 'd3/s0/f33.bin'), path.join(up, 'd3/s0/f33-renamed.bin'));
    rmSync(path.join(up, 'd2'), { recursive: true });
    rmSync(path.join(up, 'd4/s1/f4.bin'));

    expect(await rclone('check', up, 'coffer:tree')).toMatch(/0 differences found[\s\S]*899 matching files/);
    await rclone('sync', 'coffer:tree', down);
    expect(await rclone('check', up, down, '--download')).toMatch(/0 differences found[\s\S]*899 matching files/);
  }, 240_000);
});
