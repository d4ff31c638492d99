import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { createUser, expectError, makeFolder, uploadFile } from '../support/integration-helpers.js';
import { outbox } from '../support/outbox.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Sessions and app passwords, the admin console's API and the attacks around them, with the embedded outbox mailer
 * (no SMTP configured, so accounts have no second factor by default and sign in in one step).
 */
describe.each(testDialects())('sessions, app passwords and administration on %s', (dialect) => {
  let server: TestServer;
  let admin: TestClient;
  let anonymous: TestClient;

  beforeAll(async () => {
    server = await startTestServer(dialect);
    admin = new TestClient(server.api);
    await admin.signIn(adminEmail, adminPassword);
    anonymous = new TestClient(server.api);
  });
  afterAll(async () => server?.close());

  it('lists sessions with last use and revokes one or all others; a foreign id looks missing', async () => {
    const { client: bob } = await createUser(admin, 'bob@example.com', 'bob has a long password');
    const second = new TestClient(server.api);
    await second.signIn('bob@example.com', 'bob has a long password');
    const third = new TestClient(server.api);
    await third.signIn('bob@example.com', 'bob has a long password');
    const { body } = await bob.json('GET', '/me/sessions');
    expect(body.sessions).toHaveLength(3);
    expect(body.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(body.sessions[0]).toMatchObject({ kind: 'token', scope: 'full', lastUsedAt: expect.any(String), expiresAt: expect.any(String) });

    const secondId = second.token!.split('.')[1];
    expectError(await admin.json('DELETE', `/me/sessions/${secondId}`), 404, 'session.not_found');
    expect((await second.json('GET', '/me')).status).toBe(200);
    expect((await bob.json('DELETE', `/me/sessions/${secondId}`)).status).toBe(204);
    expectError(await second.json('GET', '/me'), 401, 'auth.session_invalid');

    expect((await bob.json('DELETE', '/me/sessions')).status).toBe(204);
    expectError(await third.json('GET', '/me'), 401, 'auth.session_invalid');
    expect((await bob.json('GET', '/me')).status).toBe(200);
  });

  it('issues scoped app passwords once, enforces the scope, and revokes them', async () => {
    const { client: carol, user } = await createUser(admin, 'carol@example.com', 'carol has a long password');
    const make = async (scope: string) => (await carol.json('POST', '/me/app-passwords', { label: `script ${scope}`, scope })).body;
    const dav = await make('dav');
    const readOnly = await make('read-only');
    const apiToken = await make('api');
    expect(dav.token).toMatch(/^cf1\./);

    // The WebDAV transport authenticates through the same lookup and reads the scope from the context.
    const context = await server.running.services.sessions.authenticate(dav.token);
    expect({ scope: context.scope, kind: context.sessionKind, userId: context.userId }).toEqual({ scope: 'dav', kind: 'app', userId: user.id });
    expectError(await new TestClient(server.api, dav.token).json('GET', '/me'), 403, 'auth.scope_denied');

    const reader = new TestClient(server.api, readOnly.token);
    expect((await reader.json('GET', `/folders/${user.rootFolderId}/children`)).status).toBe(200);
    expectError(await reader.json('POST', '/folders', { parentId: user.rootFolderId, name: 'nope' }), 403, 'auth.scope_denied');

    const script = new TestClient(server.api, apiToken.token);
    expect(await makeFolder(script, user.rootFolderId, 'from a script')).toMatch(/^[a-z0-9]{26}$/);
    expectError(await script.json('GET', '/me/sessions'), 403, 'auth.scope_denied');
    expectError(await script.json('POST', '/me/app-passwords', { label: 'more', scope: 'api' }), 403, 'auth.scope_denied');

    const listed = (await carol.json('GET', '/me/sessions')).body.sessions.find((s: { id: string }) => s.id === apiToken.id);
    expect(listed).toMatchObject({ kind: 'app', scope: 'api', label: 'script api', expiresAt: null });
    expect(JSON.stringify(listed)).not.toContain(apiToken.token.split('.')[2]);
    expect((await carol.json('DELETE', `/me/sessions/${apiToken.id}`)).status).toBe(204);
    expectError(await script.json('GET', `/folders/${user.rootFolderId}/children`), 401, 'auth.session_invalid');
  });

  it('refuses cookie writes without X-Coffer-Request and never reuses a planted session id', async () => {
    const planted = `cf1.${'b'.repeat(26)}.${'A'.repeat(43)}`;
    const response = await fetch(`${server.api}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `coffer_session=${planted}` },
      body: JSON.stringify({ email: adminEmail, password: adminPassword, kind: 'browser' }),
    });
    expect(response.status).toBe(200);
    const cookie = /coffer_session=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    expect(cookie).toMatch(/^cf1\./);
    expect(cookie).not.toBe(planted);
    expectError(await anonymous.json('GET', '/me', undefined, { cookie: `coffer_session=${planted}` }), 401, 'auth.session_invalid');

    const body = { label: 'csrf', scope: 'api' };
    expectError(await anonymous.json('POST', '/me/app-passwords', body, { cookie: `coffer_session=${cookie}` }), 403, 'auth.forbidden');
    expectError(await anonymous.json('DELETE', '/me/sessions', undefined, { cookie: `coffer_session=${cookie}` }), 403, 'auth.forbidden');
    const allowed = await anonymous.json('POST', '/me/app-passwords', body, { cookie: `coffer_session=${cookie}`, 'x-coffer-request': '1' });
    expect(allowed.status).toBe(201);
  });

  it('invites by email; the link creates the account once', async () => {
    const invited = await admin.json('POST', '/users/invitations', { email: 'dora@example.com', role: 'guest' });
    expect(invited.status).toBe(201);
    const mail = outbox(server.dataDir).find((m) => m.to === 'dora@example.com' && /invited/.test(m.subject));
    const token = /invite#token=([A-Za-z0-9_.-]+)/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeDefined();
    expectError(
      await anonymous.json('POST', '/auth/invitations/accept', { token: `${token!.slice(0, -2)}AA`, password: 'dora has a long password' }),
      403,
      'auth.invitation_invalid',
    );
    const accepted = await anonymous.json('POST', '/auth/invitations/accept', { token, password: 'dora has a long password' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.user).toMatchObject({ email: 'dora@example.com', role: 'guest' });
    expectError(await anonymous.json('POST', '/auth/invitations/accept', { token, password: 'dora has a long password' }), 403, 'auth.invitation_invalid');
    expectError(await admin.json('POST', '/users/invitations', { email: 'dora@example.com' }), 409, 'user.email_taken');
  });

  it('changes the sign-in address only after the new address confirms, and tells the old one', async () => {
    const { client: hank } = await createUser(admin, 'hank@example.com', 'hank has a long password');
    expectError(await hank.json('POST', '/me/email', { email: adminEmail }), 409, 'user.email_taken');
    expect((await hank.json('POST', '/me/email', { email: 'Hank.New@Example.com' })).status).toBe(204);
    expect((await hank.json('GET', '/me')).body.email).toBe('hank@example.com');
    const mail = outbox(server.dataDir).find((m) => m.to === 'hank.new@example.com' && /Confirm/.test(m.subject));
    const token = /confirm-email#token=([A-Za-z0-9_.-]+)/.exec(mail?.text ?? '')?.[1];
    expect(token).toBeDefined();
    expectError(await anonymous.json('POST', '/auth/email/confirm', { token: `${token!.slice(0, -2)}AA` }), 403, 'auth.invitation_invalid');
    expect((await anonymous.json('POST', '/auth/email/confirm', { token })).status).toBe(204);
    expectError(await anonymous.json('POST', '/auth/email/confirm', { token }), 403, 'auth.invitation_invalid');
    expect((await hank.json('GET', '/me')).body.email).toBe('hank.new@example.com');
    expect(outbox(server.dataDir).some((m) => m.to === 'hank@example.com' && /address was changed/.test(m.subject))).toBe(true);
    const again = new TestClient(server.api);
    expect((await again.signIn('hank.new@example.com', 'hank has a long password')).email).toBe('hank.new@example.com');
  });

  it('resets a password without the recovery key only when told the files are lost, and says so by mail', async () => {
    const { client: erin, user } = await createUser(admin, 'erin@example.com', 'erin has a long password');
    await uploadFile(erin, user.rootFolderId, 'secret-plan.txt', 'the plan');
    expectError(await admin.json('POST', `/users/${user.id}/reset-password`, { newPassword: 'a brand new password' }), 400, 'user.confirmation_required');
    expect((await erin.json('GET', '/me')).status).toBe(200);

    const reset = await admin.json('POST', `/users/${user.id}/reset-password`, { newPassword: 'a brand new password', confirmDataLoss: true });
    expect(reset.status).toBe(200);
    expect(reset.body.recoveryKey).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){12}$/);
    expect(outbox(server.dataDir).find((m) => m.to === 'erin@example.com' && /reset/.test(m.subject))?.text).toContain('can no longer be read');
    expectError(await erin.json('GET', '/me'), 401, 'auth.session_invalid');
    const again = new TestClient(server.api);
    const me = await again.signIn('erin@example.com', 'a brand new password');
    expect(me.rootFolderId).not.toBe(user.rootFolderId);
    expect(me.usedBytes).toBe(0);
    expect((await again.json('GET', `/folders/${me.rootFolderId}/children`)).body.items).toEqual([]);
  });

  it('deletes accounts, reports health and storage, and lists events without names', async () => {
    const { client: frank, user } = await createUser(admin, 'frank@example.com', 'frank has a long password');
    await uploadFile(frank, user.rootFolderId, 'frank-diary.txt', 'dear diary');
    expectError(await admin.json('DELETE', `/users/${(await admin.json('GET', '/me')).body.id}`), 403, 'auth.forbidden');
    expect((await admin.json('DELETE', `/users/${user.id}`)).status).toBe(204);
    expectError(await frank.json('GET', '/me'), 401, 'auth.session_invalid');
    expectError(await admin.json('DELETE', `/users/${user.id}`), 404, 'user.not_found');
    expect((await anonymous.json('POST', '/auth/sign-in', { email: 'frank@example.com', password: 'frank has a long password' })).status).toBe(401);

    const health = await admin.json('GET', '/admin/health');
    expect(health.body).toMatchObject({ database: 'ok', storage: 'ok', users: expect.any(Number), usedBytes: expect.any(Number) });

    const events = await admin.json('GET', '/admin/events?limit=100');
    const kinds = events.body.events.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['user.created', 'user.invited', 'user.deleted', 'user.password_reset_by_admin']));
    const text = JSON.stringify(events.body);
    for (const secret of ['frank-diary', 'secret-plan', 'dear diary', 'frank@example.com', 'dora@example.com']) expect(text).not.toContain(secret);
  });

  it('answers unknown and known accounts alike, in body and in time (a decoy Argon2id run)', async () => {
    const timed = async (email: string) => {
      const started = performance.now();
      const response = await anonymous.json('POST', '/auth/sign-in', { email, password: 'definitely wrong' });
      return { ms: performance.now() - started, status: response.status, body: JSON.stringify(response.body) };
    };
    // Taken in turns, so a burst of load from elsewhere on the machine slows both kinds alike.
    const known: Awaited<ReturnType<typeof timed>>[] = [];
    const unknown: Awaited<ReturnType<typeof timed>>[] = [];
    // Five each: a sixth wrong password on one account would meet the rate limit, and a different answer.
    for (let i = 0; i < 5; i++) {
      known.push(await timed(adminEmail));
      unknown.push(await timed('ghost@example.com'));
    }
    expect(new Set([...known, ...unknown].map((r) => `${r.status} ${r.body}`)).size).toBe(1);
    const median = (list: { ms: number }[]) => list.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const ratio = median(known) / median(unknown);
    // Relative, and loose on a shared machine: without the decoy Argon2id run the unknown account answers ~100× faster.
    expect(ratio, `known ${median(known)} ms, unknown ${median(unknown)} ms`).toBeGreaterThan(1 / 3);
    expect(ratio, `known ${median(known)} ms, unknown ${median(unknown)} ms`).toBeLessThan(3);
    const recoverKnown = await anonymous.json('POST', '/auth/recover', { email: adminEmail, recoveryKey: 'nope', newPassword: 'a long new password' });
    const recoverUnknown = await anonymous.json('POST', '/auth/recover', {
      email: 'ghost@example.com',
      recoveryKey: 'nope',
      newPassword: 'a long new password',
    });
    expect(recoverKnown).toMatchObject({ status: recoverUnknown.status, body: recoverUnknown.body });
  });

  it('mails the owner on a sign-in from a new device and after repeated failed passwords', async () => {
    await createUser(admin, 'gina@example.com', 'gina has a long password');
    const fromLaptop = await anonymous.json('POST', '/auth/sign-in', { email: 'gina@example.com', password: 'gina has a long password', label: 'new laptop' });
    expect(fromLaptop.status).toBe(200);
    expect(outbox(server.dataDir).find((m) => m.to === 'gina@example.com' && /new device|New sign-in/.test(m.subject))?.text).toContain('new laptop');
    for (let i = 0; i < 5; i++) await anonymous.json('POST', '/auth/sign-in', { email: 'gina@example.com', password: 'wrong password' });
    // The notice is sent in the background, so the answer's timing does not depend on it.
    await expect.poll(() => outbox(server.dataDir).some((m) => m.to === 'gina@example.com' && /Failed sign-in/.test(m.subject))).toBe(true);
  });
});

describe('burst of failures across accounts', () => {
  it('alerts administrators by mail and in the events list', async () => {
    const server = await startTestServer('sqlite');
    try {
      const anonymous = new TestClient(server.api);
      for (let i = 0; i < 10; i++) await anonymous.json('POST', '/auth/sign-in', { email: `nobody${i}@example.com`, password: 'guessing' });
      const admin = new TestClient(server.api);
      await admin.signIn(adminEmail, adminPassword);
      await expect.poll(async () => (await admin.json('GET', '/admin/events?kind=alert.failure_burst')).body.events.length).toBe(1);
      const events = (await admin.json('GET', '/admin/events?kind=alert.failure_burst')).body.events;
      expect(events).toHaveLength(1);
      expect(events[0].detail).toMatchObject({ accounts: 10, failures: 10 });
      expect(JSON.stringify(events)).not.toContain('nobody');
      await expect.poll(() => outbox(server.dataDir).some((m) => m.to === adminEmail && /alert/.test(m.subject))).toBe(true);
    } finally {
      await server.close();
    }
  });
});
