import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../src/api/routes.js';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { createUser, expectError, fileBytes, makeFolder, uploadFile } from '../support/integration-helpers.js';

/**
 * Accounts and sessions over HTTP. Every failed sign-in from this loopback address counts towards the
 * per-address limit (20 free failures), so the suite keeps its deliberate failures well below that.
 */
describe.each(testDialects())('authentication on %s', (dialect) => {
  let server: TestServer;
  let admin: TestClient;
  let anonymous: TestClient;

  const signIn = (email: string, password: string, extra: Record<string, unknown> = {}) =>
    anonymous.json('POST', '/auth/sign-in', { email, password, ...extra });
  const withCookie = (cookie: string, extra: Record<string, string> = {}) => ({ cookie, ...extra });

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = new TestClient(server.api);
    await admin.signIn(adminEmail, adminPassword);
    anonymous = new TestClient(server.api);
  });
  afterAll(async () => server?.close());

  it('reports that setup is done and refuses to run it again', async () => {
    expect(await anonymous.json('GET', '/setup')).toMatchObject({ status: 200, body: { needsSetup: false } });
    expectError(
      await anonymous.json('POST', '/setup', { token: 'anything', email: 'second@example.com', password: 'a long enough password' }),
      409,
      'setup.already_done',
    );
    expect((await admin.json('GET', '/users')).body.users).toHaveLength(1);
  });

  it('answers a wrong password and an unknown account identically', async () => {
    const wrong = await signIn(adminEmail, 'not the password');
    expectError(wrong, 401, 'auth.invalid_credentials');
    const unknown = await signIn('nobody@example.com', 'not the password');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.get('set-cookie')).toBeNull();
  });

  it('signs in with a token', async () => {
    const response = await signIn('  ADMIN@Example.com ', adminPassword, { kind: 'token', label: 'test' });
    expect(response.status).toBe(200);
    expect(response.body.user).toMatchObject({ email: adminEmail, role: 'admin', status: 'active' });
    expect(response.body.token).toMatch(/^cf1\.[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(response.body.expiresAt)).toBeGreaterThan(Date.now() + 24 * 3600_000);
    expect(response.headers.get('set-cookie')).toBeNull();
    const me = await new TestClient(server.api, response.body.token).json('GET', '/me');
    expect(me.body).toMatchObject({ email: adminEmail, role: 'admin' });
  });

  it('signs a browser in with an HttpOnly, SameSite=Strict cookie and requires X-Coffer-Request on writes', async () => {
    const response = await signIn(adminEmail, adminPassword, { kind: 'browser' });
    expect(response.status).toBe(200);
    expect(response.body.token).toBeNull();
    const setCookie = response.headers.get('set-cookie') ?? '';
    const [pair, ...attributes] = setCookie.split(';').map((s) => s.trim());
    expect(pair).toMatch(/^coffer_session=cf1\.[0-9a-z]{26}\.[A-Za-z0-9_-]{43}$/);
    // The cookie lives as long as an API token (90 days); the server ends an idle browser session after 12 hours.
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=7776000']));
    expect(attributes.map((a) => a.toLowerCase())).not.toContain('secure');
    const cookie = pair!;

    expect((await anonymous.json('GET', '/me', undefined, withCookie(cookie))).body.email).toBe(adminEmail);
    const rootId = (await anonymous.json('GET', '/me', undefined, withCookie(cookie))).body.rootFolderId;
    expectError(await anonymous.json('POST', '/folders', { parentId: rootId, name: 'csrf' }, withCookie(cookie)), 403, 'auth.forbidden');
    expectError(
      await anonymous.json('POST', '/folders', { parentId: rootId, name: 'csrf' }, withCookie(cookie, { 'x-coffer-request': '0' })),
      403,
      'auth.forbidden',
    );
    const upload = await fetch(`${server.api}/files?parentId=${rootId}&name=csrf.txt`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/octet-stream' },
      body: 'x',
    });
    expect(upload.status).toBe(403);
    const listing = await admin.json('GET', `/folders/${rootId}/children`);
    expect(listing.body.items.map((i: { name: string }) => i.name)).not.toContain('csrf');
    expect(listing.body.items.map((i: { name: string }) => i.name)).not.toContain('csrf.txt');

    const created = await anonymous.json('POST', '/folders', { parentId: rootId, name: 'csrf' }, withCookie(cookie, { 'x-coffer-request': '1' }));
    expect(created.status).toBe(201);
    expectError(await anonymous.json('DELETE', `/nodes/${created.body.id}`, undefined, withCookie(cookie)), 403, 'auth.forbidden');
    expect((await anonymous.json('DELETE', `/nodes/${created.body.id}`, undefined, withCookie(cookie, { 'x-coffer-request': '1' }))).status).toBe(200);

    const signOut = await anonymous.json('POST', '/auth/sign-out', undefined, withCookie(cookie, { 'x-coffer-request': '1' }));
    expect(signOut.status).toBe(204);
    expect(signOut.headers.get('set-cookie')).toMatch(/^coffer_session=; .*Max-Age=0/);
    expectError(await anonymous.json('GET', '/me', undefined, withCookie(cookie)), 401, 'auth.session_invalid');
  });

  it('signs out one session: its token stops working, other sessions do not', async () => {
    const first = new TestClient(server.api);
    const second = new TestClient(server.api);
    await first.signIn(adminEmail, adminPassword);
    await second.signIn(adminEmail, adminPassword);
    const signOut = await first.json('POST', '/auth/sign-out');
    expect(signOut.status).toBe(204);
    expectError(await first.json('GET', '/me'), 401, 'auth.session_invalid');
    expectError(await first.json('POST', '/auth/sign-out'), 401, 'auth.session_invalid');
    expect((await second.json('GET', '/me')).status).toBe(200);
  });

  it('rejects missing, forged and garbled credentials', async () => {
    expectError(await anonymous.json('GET', '/me'), 401, 'auth.required');
    expectError(await anonymous.json('GET', '/folders/0000000000000000000000000a/children'), 401, 'auth.required');
    const real = admin.token!;
    const [, sessionId, secret] = real.split('.') as [string, string, string];
    const flipped = secret.slice(0, -2) + (secret.at(-2) === 'A' ? 'B' : 'A') + secret.at(-1);
    const other = new TestClient(server.api);
    await other.signIn(adminEmail, adminPassword);
    const otherSecret = other.token!.split('.')[2];
    for (const authorization of [
      'Bearer garbage',
      `Bearer cf1.${sessionId}.${flipped}`,
      `Bearer cf1.${sessionId}.${otherSecret}`,
      `Bearer cf1.0000000000000000000000000a.${secret}`,
      `Bearer cf2.${sessionId}.${secret}`,
      `Bearer ${real}x`,
      'Bearer',
      `Basic ${Buffer.from('admin:pw').toString('base64')}`,
    ]) {
      expectError(await anonymous.json('GET', '/me', undefined, { authorization }), 401, 'auth.session_invalid');
    }
    expectError(await anonymous.json('GET', '/me', undefined, { cookie: 'coffer_session=cf1.garbage' }), 401, 'auth.session_invalid');
    expect((await admin.json('GET', '/me')).status).toBe(200);
  });

  it('changes the password: the old one fails, files stay readable, other sessions keep working', async () => {
    const { client: first, user } = await createUser(admin, 'changer@example.com', 'first password 123');
    const second = new TestClient(server.api);
    await second.signIn('changer@example.com', 'first password 123');
    const data = 'written before the change';
    const file = await uploadFile(first, user.rootFolderId, 'before.txt', data);

    expectError(
      await first.json('POST', '/me/password', { currentPassword: 'not it at all', newPassword: 'second password 456' }),
      401,
      'auth.invalid_credentials',
    );
    expectError(await first.json('POST', '/me/password', { currentPassword: 'first password 123', newPassword: 'short' }), 400, 'auth.password_too_weak');
    const changed = await first.json('POST', '/me/password', { currentPassword: 'first password 123', newPassword: 'second password 456' });
    expect(changed.status).toBe(204);

    expectError(await signIn('changer@example.com', 'first password 123'), 401, 'auth.invalid_credentials');
    const fresh = new TestClient(server.api);
    await fresh.signIn('changer@example.com', 'second password 456');
    expect((await fileBytes(fresh, file.id)).toString()).toBe(data);
    expect((await fileBytes(first, file.id)).toString()).toBe(data);
    expect((await fileBytes(second, file.id)).toString()).toBe(data);
    const afterwards = await uploadFile(second, user.rootFolderId, 'after.txt', 'after');
    expect((await fileBytes(fresh, afterwards.id)).toString()).toBe('after');
  });

  it('recovers an account with its recovery key: new password, files readable, old sessions revoked', async () => {
    const { client: old, user, recoveryKey } = await createUser(admin, 'lost@example.com', 'forgotten password');
    expect(recoveryKey).toEqual(expect.any(String));
    const folder = await makeFolder(old, user.rootFolderId, 'kept');
    const file = await uploadFile(old, folder, 'kept.bin', 'still mine');

    const recover = (body: Record<string, unknown>) => anonymous.json('POST', '/auth/recover', body);
    expectError(
      await recover({ email: 'lost@example.com', recoveryKey: server.adminRecoveryKey, newPassword: 'brand new password' }),
      401,
      'auth.recovery_key_invalid',
    );
    expectError(
      await recover({ email: 'lost@example.com', recoveryKey: 'not-a-recovery-key', newPassword: 'brand new password' }),
      401,
      'auth.recovery_key_invalid',
    );
    const unknownAccount = await recover({ email: 'nobody@example.com', recoveryKey, newPassword: 'brand new password' });
    expectError(unknownAccount, 401, 'auth.recovery_key_invalid');
    expect(unknownAccount.body).toEqual((await recover({ email: 'lost@example.com', recoveryKey: 'AAAA-BBBB', newPassword: 'brand new password' })).body);
    expectError(await recover({ email: 'lost@example.com', recoveryKey, newPassword: 'short' }), 400, 'auth.password_too_weak');
    expect((await old.json('GET', '/me')).status).toBe(200);

    const recovered = await recover({ email: 'LOST@example.com', recoveryKey, newPassword: 'brand new password' });
    expect(recovered.status).toBe(204);
    expectError(await old.json('GET', '/me'), 401, 'auth.session_invalid');
    expectError(await signIn('lost@example.com', 'forgotten password'), 401, 'auth.invalid_credentials');
    const fresh = new TestClient(server.api);
    await fresh.signIn('lost@example.com', 'brand new password');
    expect((await fileBytes(fresh, file.id)).toString()).toBe('still mine');
    expect((await fresh.json('GET', `/folders/${folder}/children`)).body.items.map((i: { name: string }) => i.name)).toEqual(['kept.bin']);
  });

  it('lets administrators create and manage accounts, and nobody else', async () => {
    const created = await admin.json('POST', '/users', { email: 'Member@Example.com', password: 'member password' });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({ email: 'member@example.com', role: 'user', status: 'active', usedBytes: 0 });
    expect(created.body.user.quotaBytes).toBe(server.config.defaultQuotaBytes);
    expect(created.body.recoveryKey).toEqual(expect.any(String));
    expect(created.body.recoveryKey.length).toBeGreaterThan(20);
    expect((await admin.json('GET', '/users')).body.users.map((u: { email: string }) => u.email)).toContain('member@example.com');

    expectError(await admin.json('POST', '/users', { email: 'MEMBER@example.com', password: 'member password' }), 409, 'user.email_taken');
    expectError(await admin.json('POST', '/users', { email: 'not-an-email', password: 'member password' }), 400, 'user.email_invalid');
    expectError(await admin.json('POST', '/users', { email: 'weak@example.com', password: 'short' }), 400, 'auth.password_too_weak');
    expectError(await admin.json('PATCH', '/users/0000000000000000000000000a', { status: 'disabled' }), 404, 'user.not_found');
    const self = (await admin.json('GET', '/me')).body.id;
    expectError(await admin.json('PATCH', `/users/${self}`, { status: 'disabled' }), 403, 'auth.forbidden');
    expectError(await admin.json('PATCH', `/users/${self}`, { role: 'user' }), 403, 'auth.forbidden');

    const member = new TestClient(server.api);
    await member.signIn('member@example.com', 'member password');
    expectError(await member.json('GET', '/users'), 403, 'auth.forbidden');
    expectError(await member.json('POST', '/users', { email: 'sneaky@example.com', password: 'sneaky password' }), 403, 'auth.forbidden');
    expectError(await member.json('PATCH', `/users/${created.body.user.id}`, { role: 'admin' }), 403, 'auth.forbidden');
    expectError(await anonymous.json('GET', '/users'), 401, 'auth.required');
    expectError(await anonymous.json('POST', '/users', { email: 'sneaky@example.com', password: 'sneaky password' }), 401, 'auth.required');
    expect((await admin.json('GET', '/users')).body.users.map((u: { email: string }) => u.email)).not.toContain('sneaky@example.com');

    const promoted = await admin.json('PATCH', `/users/${created.body.user.id}`, { role: 'admin' });
    expect(promoted.body.role).toBe('admin');
    expect((await member.json('GET', '/users')).status).toBe(200);
  });

  it('disables an account: its sessions are revoked and sign-in is refused until it is enabled again', async () => {
    const { client, user } = await createUser(admin, 'paused@example.com', 'paused password');
    const disabled = await admin.json('PATCH', `/users/${user.id}`, { status: 'disabled' });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: user.id, status: 'disabled' });

    // Revoked, not merely refused: the session rows and their key wraps are gone.
    expectError(await client.json('GET', '/me'), 401, 'auth.session_invalid');
    expectError(await client.json('POST', '/folders', { parentId: user.rootFolderId, name: 'nope' }), 401, 'auth.session_invalid');
    expectError(await signIn('paused@example.com', 'paused password'), 403, 'user.disabled');

    expect((await admin.json('PATCH', `/users/${user.id}`, { status: 'active' })).body.status).toBe('active');
    // Sessions from before the account was disabled stay revoked; signing in again works.
    expectError(await client.json('GET', '/me'), 401, 'auth.session_invalid');
    const again = new TestClient(server.api);
    await again.signIn('paused@example.com', 'paused password');
    expect((await again.json('GET', '/me')).body.status).toBe('active');
    expect((await again.json('GET', `/folders/${user.rootFolderId}/children`)).body.items).toEqual([]);
  });

  it('keeps self-registration closed by default', async () => {
    expectError(
      await anonymous.json('POST', '/auth/register', { email: 'walk-in@example.com', password: 'walk-in password' }),
      403,
      'auth.registration_closed',
    );
    expect((await admin.json('GET', '/users')).body.users.map((u: { email: string }) => u.email)).not.toContain('walk-in@example.com');
  });

  it('publishes an OpenAPI 3.1 document listing every route, each of which is served', async () => {
    const response = await anonymous.json('GET', '/openapi.json');
    expect(response.status).toBe(200);
    const doc = response.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas.Error).toBeDefined();
    const routes = Object.entries(api);
    let operations = 0;
    for (const paths of Object.values(doc.paths as Record<string, Record<string, unknown>>)) operations += Object.keys(paths).length;
    expect(operations).toBe(routes.length);
    for (const [operationId, contract] of routes) {
      const openApiPath = `/api/v1${contract.path.replace(/:(\w+)/g, '{$1}')}`;
      expect(doc.paths[openApiPath]?.[contract.method.toLowerCase()]?.operationId, `${contract.method} ${contract.path}`).toBe(operationId);
      // And the server really has it: a call never ends in route.not_found.
      const url = `${server.api}${contract.path.replace(/:(\w+)/g, '0000000000000000000000000a')}`;
      const served = await fetch(url, {
        method: contract.method,
        ...(contract.method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: '{}' }),
      });
      const text = await served.text();
      expect(text.includes('route.not_found'), `${contract.method} ${contract.path}: ${served.status} ${text}`).toBe(false);
    }
  });

  it('slows repeated wrong passwords for one account down with 429 and Retry-After', async () => {
    await createUser(admin, 'target@example.com', 'the right password');
    const seen: number[] = [];
    let limited: Awaited<ReturnType<typeof signIn>> | undefined;
    for (let attempt = 0; attempt < 10 && !limited; attempt++) {
      const response = await signIn('target@example.com', `wrong password ${attempt}`);
      seen.push(response.status);
      if (response.status === 429) limited = response;
      else expectError(response, 401, 'auth.invalid_credentials');
    }
    expect(seen.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(limited, seen.join(',')).toBeDefined();
    expectError(limited!, 429, 'auth.rate_limited');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // While the account is blocked, even its right password waits; other accounts are unaffected.
    expectError(await signIn('target@example.com', 'the right password'), 429, 'auth.rate_limited');
    expect((await signIn(adminEmail, adminPassword)).status).toBe(200);
  });
});
