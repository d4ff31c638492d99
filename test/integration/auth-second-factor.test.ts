import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { expectError, makeFolder } from '../support/integration-helpers.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const totp = (secret: string, offsetSeconds = 0): string =>
  execFileSync('oathtool', ['--totp', '-b', ...(offsetSeconds ? [`--now=@${Math.floor(Date.now() / 1000) + offsetSeconds}`] : []), secret], {
    encoding: 'utf8',
  }).trim();

/**
 * Two-step sign-in against a real SMTP server on loopback: with mail configured, new accounts (here the first admin)
 * get the email code as second factor. TOTP codes come from Debian's oathtool.
 */
describe.each(testDialects())('second factor on %s', (dialect) => {
  let server: TestServer;
  let smtp: SmtpSink;
  let anonymous: TestClient;
  const userEmail = 'ada@example.com';
  const userPassword = 'a long enough password for ada';

  const passwordStep = async (email = adminEmail, password = adminPassword, kind: 'token' | 'browser' = 'token') => {
    const response = await anonymous.json('POST', '/auth/sign-in', { email, password, kind });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as { secondFactor?: { challenge: string; methods: string[] }; token?: string };
  };
  const answer = (challenge: string, method: string, code: string) => anonymous.json('POST', '/auth/second-factor', { challenge, method, code });
  const later = (ms: number) => {
    server.running.services.clock.now = () => Date.now() + ms;
  };

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    server = await startTestServer(dialect, smtp.env());
    anonymous = new TestClient(server.api);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('gives only a challenge after the password; the challenge opens no route; the mailed code opens the session', async () => {
    const first = await passwordStep();
    expect(first.token).toBeUndefined();
    expect(first.secondFactor?.methods).toEqual(['email']);
    const challenge = first.secondFactor!.challenge;
    expect(challenge.startsWith('cfc1.')).toBe(true);
    // The password step alone must not reach files or the account.
    const withChallenge = new TestClient(server.api, challenge);
    expectError(await withChallenge.json('GET', '/me'), 401, 'auth.session_invalid');
    expectError(await withChallenge.json('POST', '/folders', { parentId: '0'.repeat(26), name: 'x' }), 401, 'auth.session_invalid');
    const asSession = new TestClient(server.api, `cf1.${challenge.slice(5)}`);
    expectError(await asSession.json('GET', '/me'), 401, 'auth.session_invalid');

    const code = await smtp.code(adminEmail);
    const done = await answer(challenge, 'email', code);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const client = new TestClient(server.api, done.body.token);
    expect(await makeFolder(client, done.body.user.rootFolderId, 'after two steps')).toMatch(/^[a-z0-9]{26}$/);

    // Code reuse: the challenge was consumed with the first success.
    expectError(await answer(challenge, 'email', code), 401, 'auth.challenge_invalid');
  });

  it('refuses an expired code, and a sixth try after five wrong ones even when it is right', async () => {
    const expiring = (await passwordStep()).secondFactor!.challenge;
    const code = await smtp.code(adminEmail);
    later(10 * 60_000 + 1000);
    try {
      expectError(await answer(expiring, 'email', code), 401, 'auth.code_expired');
    } finally {
      server.running.services.clock.now = () => Date.now();
    }

    const challenge = (await passwordStep()).secondFactor!.challenge;
    const right = await smtp.code(adminEmail);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expectError(await answer(challenge, 'email', wrong), 401, 'auth.code_invalid');
    expectError(await answer(challenge, 'email', right), 401, 'auth.code_expired');

    // A new code needs the resend, which has a cooldown.
    expectError(await anonymous.json('POST', '/auth/second-factor/resend', { challenge }), 429, 'auth.rate_limited');
    later(61_000);
    try {
      expect((await anonymous.json('POST', '/auth/second-factor/resend', { challenge })).status).toBe(204);
    } finally {
      server.running.services.clock.now = () => Date.now();
    }
    const fresh = await smtp.code(adminEmail);
    expect((await answer(challenge, 'email', fresh)).status).toBe(200);
  });

  it('slows down guessing across challenges with 429', async () => {
    const first = (await passwordStep()).secondFactor!.challenge;
    const right = await smtp.code(adminEmail);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await answer(first, 'email', wrong);
    const second = (await passwordStep()).secondFactor!.challenge;
    const right2 = await smtp.code(adminEmail);
    expectError(await answer(second, 'email', right2 === '000000' ? '111111' : '000000'), 401, 'auth.code_invalid');
    const blocked = await answer(second, 'email', right2);
    expectError(blocked, 429, 'auth.rate_limited');
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await answer(second, 'email', right2)).status).toBe(200);
  });

  it('enrolls TOTP with a QR code, signs in with oathtool codes, refuses a replayed code and uses recovery codes once', async () => {
    const admin = await signedInAdmin();
    const created = await admin.json('POST', '/users', { email: userEmail, password: userPassword });
    expect(created.status).toBe(201);
    const first = await passwordStep(userEmail, userPassword);
    const user = new TestClient(server.api, (await answer(first.secondFactor!.challenge, 'email', await smtp.code(userEmail))).body.token);

    const enrollment = await user.json('POST', '/me/factors/totp', {});
    expect(enrollment.status).toBe(200);
    expect(enrollment.body.uri).toMatch(/^otpauth:\/\/totp\/Coffer:ada%40example\.com\?secret=[A-Z2-7]{32}&issuer=Coffer/);
    expect(enrollment.body.qrSvg).toMatch(/^<svg/);
    expectError(
      await user.json('POST', '/me/factors/totp/confirm', { code: '000000' === totp(enrollment.body.secret) ? '111111' : '000000' }),
      401,
      'auth.code_invalid',
    );
    const confirmed = await user.json('POST', '/me/factors/totp/confirm', { code: totp(enrollment.body.secret) });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body.factors.kinds.sort()).toEqual(['email', 'totp']);
    const recoveryCodes: string[] = confirmed.body.recoveryCodes;
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    // The step used at confirmation is burned; sign in with the next one.
    const challenge = (await passwordStep(userEmail, userPassword)).secondFactor!;
    expect(challenge.methods.sort()).toEqual(['email', 'recovery', 'totp']);
    await smtp.code(userEmail);
    const next = totp(enrollment.body.secret, 30);
    expect((await answer(challenge.challenge, 'totp', next)).status).toBe(200);
    const replay = (await passwordStep(userEmail, userPassword)).secondFactor!.challenge;
    await smtp.code(userEmail);
    expectError(await answer(replay, 'totp', next), 401, 'auth.code_invalid');

    expect((await answer(replay, 'recovery', recoveryCodes[0]!.toLowerCase())).status).toBe(200);
    const again = (await passwordStep(userEmail, userPassword)).secondFactor!.challenge;
    await smtp.code(userEmail);
    expectError(await answer(again, 'recovery', recoveryCodes[0]!), 401, 'auth.code_invalid');
    expect((await user.json('GET', '/me/factors')).body).toEqual({ kinds: ['email', 'totp'], recoveryCodesLeft: 9 });

    // An administrator's reset removes every factor: the password alone signs in again, and the user is told.
    const { body: list } = await admin.json('GET', '/users');
    const ada = list.users.find((u: { email: string }) => u.email === userEmail);
    expect((await admin.json('POST', `/users/${ada.id}/reset-factors`, {})).status).toBe(204);
    expect((await smtp.next(userEmail, /second factors were reset/)).text).toContain('password alone');
    expect((await passwordStep(userEmail, userPassword)).token).toMatch(/^cf1\./);
  });

  it('sends a browser session as a cookie only after the second step', async () => {
    const first = await passwordStep(adminEmail, adminPassword, 'browser');
    const code = await smtp.code(adminEmail);
    const response = await fetch(`${server.api}/auth/second-factor`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ challenge: first.secondFactor!.challenge, method: 'email', code }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/^coffer_session=cf1\.[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    expect(((await response.json()) as { token: unknown }).token).toBeNull();
  });

  async function signedInAdmin(): Promise<TestClient> {
    const first = await passwordStep();
    const done = await answer(first.secondFactor!.challenge, 'email', await smtp.code(adminEmail));
    return new TestClient(server.api, done.body.token);
  }
});
