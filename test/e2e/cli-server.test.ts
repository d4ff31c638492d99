import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testDialects, type Dialect } from '../support/dialects.js';
import { CliUser, describeResult, freePort, jsonError, makeTempDir, runCoffer, startServerProcess, type ServerProcess } from './support/cli.js';

/**
 * The server side of the `coffer` command, run as child processes exactly as an operator would:
 * `coffer admin create` on a fresh data folder (or PostgreSQL database), then `coffer server` with the
 * same settings, a client session against it, and a clean stop on SIGTERM.
 */

const recoveryKeyPattern = /\b[0-9A-Z]{4}(?:-[0-9A-Z]{4}){7,}\b/;
const adminPassword = 'server-e2e admin password';

/** A fresh store for `coffer admin create` and `coffer server`: a data folder, plus a database for PostgreSQL. */
async function freshStore(dialect: Dialect, cleanups: Array<() => Promise<void>>): Promise<Record<string, string>> {
  const dataDir = makeTempDir(`data-${dialect}`);
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  if (dialect === 'sqlite') return { COFFER_DATA_DIR: dataDir };
  const database = await createPostgresDatabase();
  cleanups.push(() => database.drop());
  return { COFFER_DATA_DIR: dataDir, COFFER_DATABASE_URL: database.url };
}

describe.each(testDialects())('coffer admin create and coffer server on %s', (dialect) => {
  let work: string;
  const cleanups: Array<() => Promise<void>> = [];
  const servers: ServerProcess[] = [];

  beforeAll(() => {
    work = makeTempDir(`server-${dialect}`);
  });
  afterEach(async () => {
    // A failed assertion must not leave a server running.
    for (const server of servers.splice(0)) await server.stop();
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('admin create prints the recovery key once; a second run fails with a clear message and exit 5', async () => {
    const store = await freshStore(dialect, cleanups);
    const args = ['admin', 'create', '--email', 'first-admin@example.com', '--password-stdin'];
    const created = await runCoffer(args, { env: store, stdin: `${adminPassword}\n` });
    expect(created.code, describeResult(args, created)).toBe(0);
    expect(created.stdout).toContain('first-admin@example.com');
    expect(created.stdout).toMatch(recoveryKeyPattern);
    expect(created.stdout.match(new RegExp(recoveryKeyPattern, 'g'))).toHaveLength(1);
    // The password itself is never echoed.
    expect(created.stdout + created.stderr).not.toContain(adminPassword);

    const second = ['admin', 'create', '--email', 'second-admin@example.com', '--password-stdin'];
    const again = await runCoffer(second, { env: store, stdin: `${adminPassword}\n` });
    expect(again.code, describeResult(second, again)).toBe(5);
    expect(again.stderr).toMatch(/already has an administrator/i);
    expect(again.stdout).not.toMatch(recoveryKeyPattern);

    // The same with --json: the error is one JSON line with the stable code.
    const againJson = await runCoffer([...second, '--json'], { env: store, stdin: `${adminPassword}\n` });
    expect(againJson.code, describeResult(second, againJson)).toBe(5);
    expect(againJson.stdout).toBe('');
    expect(jsonError(againJson).code).toBe('setup.already_done');
  });

  it('admin create --json, then coffer server serves that account to login, upload, ls and download, and stops cleanly on SIGTERM', async () => {
    const store = await freshStore(dialect, cleanups);
    const email = `admin-${dialect}@example.com`;
    const createArgs = ['admin', 'create', '--email', email, '--password-stdin', '--json'];
    const created = await runCoffer(createArgs, { env: store, stdin: `${adminPassword}\n` });
    expect(created.code, describeResult(createArgs, created)).toBe(0);
    const account = JSON.parse(created.stdout) as { userId: string; email: string; recoveryKey: string };
    expect(Object.keys(account).sort()).toEqual(['email', 'recoveryKey', 'userId']);
    expect(account).toEqual({ userId: expect.stringMatching(/^[0-9a-z]{20,}$/), email, recoveryKey: expect.stringMatching(recoveryKeyPattern) });

    const port = await freePort();
    const server = await startServerProcess({ ...store, COFFER_HOST: '127.0.0.1', COFFER_PORT: String(port) });
    servers.push(server);
    expect(server.url).toBe(`http://127.0.0.1:${port}`);
    // An administrator exists, so no setup token is offered.
    expect(server.stdout()).not.toMatch(/No administrator exists yet/);

    const health = await fetch(`${server.url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    // A client session against the child-process server, as the README shows it.
    const user = new CliUser('server-admin', work);
    const login = await user.login(server.url, email, adminPassword);
    expect(login).toMatchObject({ server: server.url, user: { id: account.userId, email, role: 'admin' } });
    const local = path.join(work, `report-${dialect}.bin`);
    const data = randomBytes(300 * 1024 + 7);
    writeFileSync(local, data);
    await user.ok(['mkdir', '/Reports']);
    const uploaded = await user.json(['upload', local, '/Reports']);
    expect(uploaded.files).toEqual([
      expect.objectContaining({ remotePath: `/Reports/report-${dialect}.bin`, size: data.length, versionNumber: 1, newVersion: false }),
    ]);
    const listing = await user.json<Array<{ name: string; type: string; size: number }>>(['ls', '/Reports']);
    expect(listing).toEqual([expect.objectContaining({ name: `report-${dialect}.bin`, type: 'file', size: data.length })]);
    const root = await user.json<Array<{ name: string; type: string; size: number }>>(['ls']);
    expect(root).toEqual([expect.objectContaining({ name: 'Reports', type: 'folder', size: expect.any(Number) })]);
    const target = path.join(work, `downloaded-${dialect}.bin`);
    await user.ok(['download', `/Reports/report-${dialect}.bin`, target]);
    expect(readFileSync(target).equals(data)).toBe(true);

    // The recovery key printed by `admin create` is the real one: it resets the password and the files stay readable.
    const newPassword = 'a new password after recovery';
    const recovered = await fetch(`${server.url}/api/v1/auth/recover`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, recoveryKey: account.recoveryKey, newPassword }),
    });
    expect(recovered.status).toBe(204);
    const afterRecovery = new CliUser('server-admin-recovered', work);
    await afterRecovery.login(server.url, email, newPassword);
    const again = path.join(work, `downloaded-again-${dialect}.bin`);
    await afterRecovery.ok(['download', `/Reports/report-${dialect}.bin`, again]);
    expect(readFileSync(again).equals(data)).toBe(true);

    servers.splice(servers.indexOf(server), 1);
    const exit = await server.stop();
    expect({ ...exit, stderr: server.stderr() }).toEqual({ code: 0, signal: null, stderr: expect.any(String) });
    expect(server.stdout() + server.stderr()).toMatch(/SIGTERM received, stopping/);
    // Stopped means stopped: the port no longer answers.
    await expect(fetch(`${server.url}/api/v1/health`)).rejects.toThrow();
    // Nothing the client did put a secret in the server's output.
    expect(server.stdout() + server.stderr()).not.toContain(adminPassword);

    // Logging out while the server is down: the saved login is deleted anyway, and the exit code says why (8).
    expect(existsSync(afterRecovery.credentialsFile)).toBe(true);
    const logout = await afterRecovery.run(['logout']);
    expect(logout.code, describeResult(['logout'], logout)).toBe(8);
    expect(logout.stderr).toMatch(/could not revoke the token/);
    expect(existsSync(afterRecovery.credentialsFile)).toBe(false);
  });
});

describe('coffer server with a bad setting', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = makeTempDir('bad-config');
  });
  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits non-zero, names COFFER_PORT and says what a valid value looks like', async () => {
    const args = ['server'];
    const result = await runCoffer(args, { env: { COFFER_DATA_DIR: dataDir, COFFER_HOST: '127.0.0.1', COFFER_PORT: 'abc' }, timeoutMs: 20_000 });
    expect(result.code, describeResult(args, result)).toBe(2);
    expect(result.stderr).toContain('COFFER_PORT');
    expect(result.stderr).toMatch(/whole number between 0 and 65535/);
    expect(result.stderr).toMatch(/for example 8080/);
    expect(result.stderr).toContain('"abc"');
    expect(result.stdout).not.toMatch(/listening/);
    // It stopped before touching the data folder.
    expect(existsSync(path.join(dataDir, 'coffer.db'))).toBe(false);
  });

  it('with --json, the same failure is one JSON error line with code config.invalid', async () => {
    const result = await runCoffer(['server', '--json'], { env: { COFFER_DATA_DIR: dataDir, COFFER_PORT: 'abc' }, timeoutMs: 20_000 });
    expect(result.code, describeResult(['server', '--json'], result)).toBe(2);
    const error = jsonError(result);
    expect(error.code).toBe('config.invalid');
    expect(error.message).toContain('COFFER_PORT');
  });
});
