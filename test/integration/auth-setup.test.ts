import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { expectError, startServerWithoutAdmin, type BareServer } from '../support/integration-helpers.js';

/** First-run setup on a server without an administrator, and open self-registration. */
describe.each(testDialects())('first-run setup on %s', (dialect) => {
  let server: BareServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    server = await startServerWithoutAdmin(dialect);
    anonymous = new TestClient(server.api);
  });
  afterAll(async () => server?.close());

  it('creates the first administrator with the one-time setup token, exactly once', async () => {
    expect(await anonymous.json('GET', '/setup')).toMatchObject({ status: 200, body: { needsSetup: true, registrationOpen: false } });
    const token = await server.running.services.setup.issueToken();
    expect(token).toEqual(expect.any(String));
    const setup = (body: Record<string, unknown>) => anonymous.json('POST', '/setup', { email: 'owner@example.com', password: 'owner password 1', ...body });

    expectError(await setup({ token: 'wrong-token' }), 403, 'setup.token_invalid');
    expectError(await setup({ token: '' }), 403, 'setup.token_invalid');
    expectError(await setup({ token, password: 'short' }), 400, 'auth.password_too_weak');
    expectError(await setup({ token, email: 'not-an-email' }), 400, 'user.email_invalid');
    expectError(await setup({ token: 42 }), 400, 'request.invalid');
    expect((await anonymous.json('GET', '/setup')).body.needsSetup).toBe(true);
    expectError(await anonymous.json('POST', '/auth/sign-in', { email: 'owner@example.com', password: 'owner password 1' }), 401, 'auth.invalid_credentials');

    const created = await setup({ token });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: 'owner@example.com', role: 'admin', status: 'active' });
    expect(created.body.recoveryKey).toEqual(expect.any(String));
    expect((await anonymous.json('GET', '/setup')).body.needsSetup).toBe(false);

    expectError(await setup({ token }), 409, 'setup.already_done');
    expectError(await setup({ token: 'wrong-token', email: 'intruder@example.com' }), 409, 'setup.already_done');
    expect(await server.running.services.setup.issueToken()).toBeUndefined();

    const owner = new TestClient(server.api);
    const user = await owner.signIn('owner@example.com', 'owner password 1');
    expect(user.role).toBe('admin');
    const users = await owner.json('GET', '/users');
    expect(users.body.users.map((u: { email: string }) => u.email)).toEqual(['owner@example.com']);
    expect((await owner.json('GET', `/folders/${user.rootFolderId}/children`)).body.items).toEqual([]);
  });
});

describe.each(testDialects())('open registration on %s', (dialect) => {
  let server: TestServer;
  let anonymous: TestClient;

  beforeAll(async () => {
    server = await startTestServer(dialect, { COFFER_REGISTRATION: 'open' });
    anonymous = new TestClient(server.api);
  });
  afterAll(async () => server?.close());

  it('lets anyone create an ordinary account', async () => {
    // The sign-in page reads this to offer "Create an account".
    expect((await anonymous.json('GET', '/setup')).body.registrationOpen).toBe(true);
    const registered = await anonymous.json('POST', '/auth/register', { email: 'Walk-In@example.com', password: 'walk-in password' });
    expect(registered.status).toBe(201);
    expect(registered.body.user).toMatchObject({ email: 'walk-in@example.com', role: 'user', status: 'active', usedBytes: 0 });
    expect(registered.body.recoveryKey).toEqual(expect.any(String));

    expectError(await anonymous.json('POST', '/auth/register', { email: 'walk-in@example.com', password: 'another password' }), 409, 'user.email_taken');
    expectError(await anonymous.json('POST', '/auth/register', { email: 'weak@example.com', password: 'short' }), 400, 'auth.password_too_weak');
    expectError(await anonymous.json('POST', '/auth/register', { email: 'no-at-sign', password: 'long enough password' }), 400, 'user.email_invalid');

    const client = new TestClient(server.api);
    const me = await client.signIn('walk-in@example.com', 'walk-in password');
    expect(me.role).toBe('user');
    expectError(await client.json('GET', '/users'), 403, 'auth.forbidden');
    const upload = await client.upload(me.rootFolderId, 'mine.txt', 'hello');
    expect(upload.status).toBe(201);
  });
});
