import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDavServer, type DavClient } from '../support/dav-client.js';
import { testDialects } from '../support/dialects.js';
import type { TestServer } from '../support/test-server.js';

const run = promisify(execFile);
const groups = ['basic', 'copymove', 'props', 'locks', 'http'];

/** Debian's litmus (the WebDAV compliance suite Apache mod_dav passes in full) against /dav/. */
describe.each(testDialects())('litmus against /dav/ (%s)', (dialect) => {
  let server: TestServer;
  let dav: DavClient;
  let output = '';

  beforeAll(async () => {
    ({ server, dav } = await startDavServer(dialect));
    // litmus writes a debug.log into its working folder.
    const cwd = mkdtempSync(path.join(tmpdir(), 'coffer-litmus-'));
    try {
      const result = await run('litmus', [`${server.url}/dav/`, dav.email, dav.token], {
        cwd,
        timeout: 120_000,
        env: { ...process.env, TESTS: groups.join(' ') },
      }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }));
      output = result.stdout;
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }, 150_000);
  afterAll(async () => server?.close());

  it.each(groups)('passes every test of the %s group, without warnings', (group) => {
    const summary = new RegExp(`summary for \`${group}': of (\\d+) tests run: (\\d+) passed, (\\d+) failed`).exec(output);
    expect(summary, output).not.toBeNull();
    const [, run, passed, failed] = summary!.map(Number);
    expect({ group, run, passed, failed }, output).toEqual({ group, run, passed: run, failed: 0 });
    expect(run).toBeGreaterThan(group === 'http' ? 3 : 10);
    const section = output.slice(output.indexOf(`running \`${group}'`), summary!.index);
    expect(section).not.toMatch(/WARNING|FAIL/);
  });
});
