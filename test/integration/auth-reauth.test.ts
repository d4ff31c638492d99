import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { createUser, expectError } from '../support/integration-helpers.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const password = 'a long enough password';

/**
 * Sensitive changes need a confirmation (password or passkey) at most 5 minutes old on the session: a sign-in counts,
 * so tests age the session's `reauthenticated_at` to play a browser left signed in for a while.
 */
describe.each(testDialects())('fresh re-authentication on %s', (dialect) => {
  let server: TestServer;
  let admin: TestClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = new TestClient(server.api);
    await admin.signIn(adminEmail, adminPassword);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  async function staleUser(email: string): Promise<TestClient> {
    const { client } = await createUser(admin, email, password);
    await age(client);
    return client;
  }

  async function age(client: TestClient): Promise<void> {
    await server.running.services.store.repos.sessions.markReauthenticated(client.token!.split('.')[1]!, Date.now() - 6 * 60_000);
  }

  const sensitive: readonly { name: string; method: string; path: string; body?: unknown; ok: number }[] = [
    { name: 'turning off a second factor', method: 'DELETE', path: '/me/factors/email', ok: 200 },
    { name: 'new recovery codes', method: 'POST', path: '/me/recovery-codes', body: {}, ok: 200 },
    { name: 'creating an app password', method: 'POST', path: '/me/app-passwords', body: { label: 'script', scope: 'api' }, ok: 201 },
    { name: 'changing the email address', method: 'POST', path: '/me/email', body: { email: 'new-address@example.com' }, ok: 204 },
    // No such passkey: after the confirmation the route answers its own 404.
    { name: 'removing a passkey', method: 'DELETE', path: '/me/passkeys/nope', ok: 404 },
    { name: 'turning off passwordless on a passkey', method: 'DELETE', path: '/me/passkeys/nope/passwordless', ok: 404 },
    // A stolen session must not be able to add the thief's passkey (and with it a lasting, passwordless way in).
    { name: 'starting to add a passkey', method: 'POST', path: '/me/passkeys/options', body: {}, ok: 200 },
    { name: 'starting to turn on passwordless sign-in', method: 'POST', path: '/me/passkeys/nope/passwordless/options', body: {}, ok: 404 },
  ];

  it.each(sensitive)('$name: 403 auth.reauth_required on a stale session, then works after POST /me/reauth', async ({ method, path, body, ok }) => {
    const client = await staleUser(`stale-${method}-${path.replace(/\W/g, '')}@example.com`);
    if (path === '/me/factors/email') expect((await client.json('POST', '/me/factors/email', {})).status).toBe(200);
    const before = await client.json('GET', '/me/sessions');
    expectError(await client.json(method, path, body), 403, 'auth.reauth_required');
    // Nothing changed: no new app password, the factor still on.
    expect((await client.json('GET', '/me/sessions')).body.sessions).toHaveLength(before.body.sessions.length);
    if (path === '/me/factors/email') expect((await client.json('GET', '/me/factors')).body.kinds).toEqual(['email']);

    expectError(await client.json('POST', '/me/reauth', { password: 'not the password' }), 401, 'auth.invalid_credentials');
    expectError(await client.json(method, path, body), 403, 'auth.reauth_required');
    const confirmed = await client.json('POST', '/me/reauth', { password });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.until).toBeGreaterThan(Date.now() + 4 * 60_000);
    expect((await client.json(method, path, body)).status).toBe(ok);
  });

  it('a fresh sign-in counts; the confirmation belongs to one session only', async () => {
    const { client } = await createUser(admin, 'fresh@example.com', password);
    expect((await client.json('POST', '/me/recovery-codes', {})).status).toBe(200);
    const other = new TestClient(server.api);
    await other.signIn('fresh@example.com', password);
    await age(other);
    await age(client);
    expect((await client.json('POST', '/me/reauth', { password })).status).toBe(200);
    expect((await client.json('POST', '/me/recovery-codes', {})).status).toBe(200);
    expectError(await other.json('POST', '/me/recovery-codes', {}), 403, 'auth.reauth_required');
  });

  it('app passwords can neither confirm nor make sensitive changes; account deletion still asks for the password', async () => {
    const { client } = await createUser(admin, 'apps@example.com', password);
    const created = await client.json('POST', '/me/app-passwords', { label: 'api', scope: 'api' });
    const app = new TestClient(server.api, created.body.token);
    expectError(await app.json('POST', '/me/reauth', { password }), 403, 'auth.scope_denied');
    expectError(await app.json('POST', '/me/app-passwords', { label: 'x', scope: 'api' }), 403, 'auth.scope_denied');
    expectError(await client.json('POST', '/me/delete', { password: 'wrong password!' }), 401, 'auth.invalid_credentials');
  });

  it('passkey confirmation needs options first and a passkey of this account', async () => {
    const client = await staleUser('no-passkey@example.com');
    expectError(await client.json('POST', '/me/reauth/passkey-options', {}), 400, 'auth.factor_unavailable');
    expectError(await client.json('POST', '/me/reauth', { passkey: '{"id":"x","response":{"clientDataJSON":"e30"}}' }), 401, 'auth.code_expired');
    expectError(await client.json('POST', '/me/reauth', {}), 400, 'request.invalid');
  });
});
