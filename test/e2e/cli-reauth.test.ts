import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { CliUser, makeTempDir } from './support/cli.js';

/** `coffer app-password create` on a login older than 5 minutes: the password again, then the change (SQLite). */
describe('coffer and fresh re-authentication', () => {
  let server: TestServer;
  let work: string;
  let admin: CliUser;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    work = makeTempDir('cli-reauth');
    admin = new CliUser('admin', work);
    await admin.ok(['login', '--server', server.url, '--email', adminEmail, '--password-stdin'], { stdin: `${adminPassword}\n` });
  });
  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('asks for the password when the login is stale, and creates the app password after confirming it', async () => {
    const token = (JSON.parse(readFileSync(admin.credentialsFile, 'utf8')) as { token: string }).token;
    await server.running.services.store.repos.sessions.markReauthenticated(token.split('.')[1]!, Date.now() - 6 * 60_000);
    const args = ['app-password', 'create', '--label', 'stale', '--scope', 'dav', '--password-stdin'];
    const wrong = await admin.run(args, { stdin: 'not the password\n' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/password is wrong/);
    const created = await admin.json(args, { stdin: `${adminPassword}\n` });
    expect(created.token).toMatch(/^cf1\./);
    expect((await admin.json(['sessions'])).some((s: { id: string }) => s.id === created.id)).toBe(true);
  });
});
