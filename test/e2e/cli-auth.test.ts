import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { CliUser, describeResult, makeTempDir } from './support/cli.js';

/** Strong sign-in and the admin console through the built `coffer` binary (SQLite; the API suites cover both dialects). */
describe('coffer login with a second factor, sessions, app passwords and administration', () => {
  let server: TestServer;
  let work: string;
  let admin: CliUser;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    work = makeTempDir('cli-auth');
    admin = new CliUser('admin', work);
    await admin.ok(['login', '--server', server.url, '--email', adminEmail, '--password-stdin'], { stdin: `${adminPassword}\n` });
  });
  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('signs in with an authenticator code from oathtool, and refuses without one', async () => {
    const api = new TestClient(server.api);
    await api.signIn(adminEmail, adminPassword);
    const { body } = await api.json('POST', '/me/factors/totp', {});
    const code = () => execFileSync('oathtool', ['--totp', '-b', body.secret], { encoding: 'utf8' }).trim();
    expect((await api.json('POST', '/me/factors/totp/confirm', { code: code() })).status).toBe(200);

    const phone = new CliUser('phone', work);
    const args = ['login', '--server', server.url, '--email', adminEmail, '--password-stdin'];
    const refused = await phone.run(args, { stdin: `${adminPassword}\n` });
    expect(refused.code, describeResult(args, refused)).not.toBe(0);
    expect(refused.stderr).toMatch(/second factor.*--code/);

    // The confirmation burned the current step: use the next one.
    const next = execFileSync('oathtool', ['--totp', '-b', `--now=@${Math.floor(Date.now() / 1000) + 30}`, body.secret], { encoding: 'utf8' }).trim();
    await phone.ok([...args, '--code', next, '--method', 'totp'], { stdin: `${adminPassword}\n` });
    expect((await phone.json(['whoami'])).user.email).toBe(adminEmail);
    expect((await api.json('DELETE', '/me/factors/totp')).status).toBe(200);
  });

  it('manages users, sessions and app passwords', async () => {
    await admin.ok(['user', 'add', '--email', 'bob@example.com', '--password-stdin'], { stdin: 'bob has a long password\n' });
    const changed = await admin.json(['user', 'set', 'bob@example.com', '--role', 'guest', '--quota', '1GiB']);
    expect(changed).toMatchObject({ role: 'guest', quotaBytes: 2 ** 30 });
    const health = await admin.json(['admin', 'health']);
    expect(health).toMatchObject({ users: 2, database: 'ok', storage: 'ok' });
    const events = await admin.json(['admin', 'events']);
    expect(events.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['user.created', 'user.updated']));

    const created = await admin.json(['app-password', 'create', '--label', 'backup', '--scope', 'read-only']);
    expect(created.token).toMatch(/^cf1\./);
    const sessions = await admin.json(['sessions']);
    expect(sessions.find((s: { id: string }) => s.id === created.id)).toMatchObject({ kind: 'app', scope: 'read-only', label: 'backup' });
    await admin.ok(['sessions', 'revoke', created.id]);
    expect((await admin.json(['sessions'])).some((s: { id: string }) => s.id === created.id)).toBe(false);

    const refused = await admin.run(['user', 'delete', 'bob@example.com']);
    expect(refused.code).not.toBe(0);
    await admin.ok(['user', 'delete', 'bob@example.com', '--yes']);
    expect((await admin.json(['user', 'list'])).map((u: { email: string }) => u.email)).toEqual([adminEmail]);
  });
});
