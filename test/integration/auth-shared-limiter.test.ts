import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/index.js';
import { SharedAttemptLimiter } from '../../src/features/auth/index.js';
import { DavClient } from '../support/dav-client.js';
import { deliveryCodeFor, deliveryLinkFor, openWithCode, requestCode, signInByMail } from '../support/delivery-client.js';
import { testDialects } from '../support/dialects.js';
import { passphraseHeader, TestClient } from '../support/http-client.js';
import { expectError, fileBytes, parseJson, sleep, uploadFile } from '../support/integration-helpers.js';
import { accessOf, post } from '../support/link-client.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { adminEmail, adminPassword, startSecondInstance, startTestServer, type SecondInstance, type TestServer } from '../support/test-server.js';

/** The database-backed limiter: the policy of attempt-counter.ts, counts per key and per limiter, the window. */
describe.each(testDialects())('SharedAttemptLimiter on %s', (dialect) => {
  let server: TestServer;
  const clock = { now: 1_000_000 };
  const make = (name: string) =>
    new SharedAttemptLimiter(server.running.services.store, name, {
      freeAttempts: 3,
      windowMs: 60_000,
      baseDelayMs: 1000,
      maxDelayMs: 8000,
      now: () => clock.now,
    });

  beforeAll(async () => {
    server = await startTestServer(dialect);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('lets the free attempts through, then doubles the wait up to the ceiling', async () => {
    const limiter = make('doubling');
    for (let i = 0; i < 3; i++) await limiter.fail('a');
    expect(await limiter.waitMs('a')).toBe(0);
    const waits = [];
    for (let i = 0; i < 5; i++) {
      await limiter.fail('a');
      waits.push(await limiter.waitMs('a'));
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(await limiter.count('a')).toBe(8);
  });

  it('keeps keys and limiters apart, forgets after success and after the window', async () => {
    const limiter = make('forget');
    for (let i = 0; i < 4; i++) await limiter.fail('a');
    expect(await limiter.waitMs('a')).toBeGreaterThan(0);
    expect(await limiter.waitMs('b')).toBe(0);
    expect(await make('other').waitMs('a')).toBe(0);
    await limiter.succeed('a');
    expect(await limiter.waitMs('a')).toBe(0);
    for (let i = 0; i < 4; i++) await limiter.fail('c');
    clock.now += 61_000;
    expect(await limiter.waitMs('c')).toBe(0);
    expect(await limiter.count('c')).toBe(0);
    await limiter.fail('c');
    expect(await limiter.waitMs('c')).toBe(0);
    expect(await limiter.count('c')).toBe(1);
  });

  it('counts concurrent failures without losing any', async () => {
    const limiter = make('concurrent');
    await Promise.all(Array.from({ length: 12 }, () => limiter.fail('k')));
    expect(await limiter.count('k')).toBe(12);
  });
});

/**
 * Every limiter a guesser can reach, across two instances on one PostgreSQL database: the failures that use up the
 * free allowance are all made on A, and B at once answers 429 with a Retry-After, even for the right secret. With
 * counts kept per process B would have counted nothing and let the request through.
 */
describe.each(testDialects().filter((d) => d === 'postgres'))('limits shared across instances on %s', () => {
  let smtp: SmtpSink;
  let first: TestServer;
  let second: SecondInstance;
  /** The administrator's session, on A and on B. */
  let onA: TestClient;
  let onB: TestClient;
  let rootId: string;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    first = await startTestServer('postgres', smtp.env());
    second = await startSecondInstance(first, smtp.env());
    onA = new TestClient(first.api);
    rootId = (await signInByMail(onA, smtp, adminEmail, adminPassword)).rootFolderId;
    onB = new TestClient(second.api, onA.token);
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await smtp?.close();
  });

  function expectBlocked(response: { status: number; headers: Headers; body?: unknown }): void {
    expectError(response, 429, 'auth.rate_limited');
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  }

  it('link passwords: five free wrong passwords and a sixth on A, then B refuses even the right one', async () => {
    const file = await uploadFile(onA, rootId, 'locked.txt', 'behind a password');
    const { link, secret } = (await onA.json('POST', '/links', { nodeId: file.id, password: 'open sesame' })).body;
    const access = await accessOf(secret);
    for (let i = 0; i < 6; i++) expectError(await post(first.api, link.id, '/open', { access, password: `guess ${i}` }), 401, 'link.password_invalid');
    expectBlocked(await post(second.api, link.id, '/open', { access, password: 'open sesame' }));
  });

  it('delivery codes: six wrong codes for a recipient on A, then B refuses the next at once', async () => {
    const file = await uploadFile(onA, rootId, 'labs.txt', 'lab values');
    expect((await onA.json('POST', '/deliveries', { nodeId: file.id, to: ['patient@example.com'] })).status).toBe(201);
    const link = await deliveryLinkFor(smtp, 'patient@example.com');
    expect((await requestCode(first.api, link)).body).toMatchObject({ sent: true });
    const right = await deliveryCodeFor(smtp, 'patient@example.com');
    const wrongs = ['111111', '222222', '333333', '444444', '555555', '666666', '777777'].filter((c) => c !== right).slice(0, 6);
    // Four wrong, the fifth destroys the code, the sixth finds none: six failures for this recipient.
    for (const [i, wrong] of wrongs.entries())
      expectError(await openWithCode(first.api, link, wrong), 401, i < 4 ? 'delivery.code_invalid' : 'delivery.code_expired');
    expectBlocked(await openWithCode(second.api, link, right));
  });

  it("delivery codes: a burst of wrong codes over both instances tests at most the code's 5 tries", async () => {
    const file = await uploadFile(onA, rootId, 'burst.txt', 'burst');
    expect((await onA.json('POST', '/deliveries', { nodeId: file.id, to: ['burst@example.com'] })).status).toBe(201);
    const link = await deliveryLinkFor(smtp, 'burst@example.com');
    await requestCode(first.api, link);
    const right = await deliveryCodeFor(smtp, 'burst@example.com');
    const wrongs = Array.from({ length: 11 }, (_, i) => String(100_000 + i))
      .filter((c) => c !== right)
      .slice(0, 10);
    // All pass the limiters' checks before any failure is counted; the code's tries are what bounds them.
    const answers = await Promise.all(wrongs.map((wrong, i) => openWithCode(i % 2 === 0 ? first.api : second.api, link, wrong)));
    const codes = answers.map((answer) => answer.body.error?.code as string);
    expect(codes.filter((code) => code === 'delivery.code_invalid').length, codes.join(', ')).toBeLessThanOrEqual(4);
    expect(
      codes.every((code) => ['delivery.code_invalid', 'delivery.code_expired', 'auth.rate_limited'].includes(code)),
      codes.join(', '),
    ).toBe(true);
  });

  it('delivery codes: a burst of code requests over both instances mails one code', async () => {
    const file = await uploadFile(onA, rootId, 'once.txt', 'once');
    expect((await onA.json('POST', '/deliveries', { nodeId: file.id, to: ['once@example.com'] })).status).toBe(201);
    const link = await deliveryLinkFor(smtp, 'once@example.com');
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => requestCode(i % 2 === 0 ? first.api : second.api, link)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(answers.filter((answer) => answer.body.sent === true).length).toBe(1);
    await deliveryCodeFor(smtp, 'once@example.com');
    await sleep(300);
    expect(smtp.received.filter((mail) => mail.to.includes('once@example.com'))).toEqual([]);
  });

  it("a file's passphrase: six wrong ones on A, then B refuses the right one", async () => {
    const file = await uploadFile(onA, rootId, 'guarded.txt', 'guarded', { passphrase: 'the real passphrase' });
    expect((await fileBytes(onB, file.id, passphraseHeader('the real passphrase'))).toString()).toBe('guarded');
    for (let i = 0; i < 6; i++) {
      const wrong = await onA.download(file.id, passphraseHeader(`guess ${i}`));
      expectError({ status: wrong.status, body: parseJson(wrong.bytes) }, 403, 'file.passphrase_invalid');
    }
    const blocked = await onB.download(file.id, passphraseHeader('the real passphrase'));
    expectBlocked({ status: blocked.status, headers: blocked.headers, body: parseJson(blocked.bytes) });
  });

  it('recovery keys: six wrong ones for an account on A, then B refuses the right one', async () => {
    const created = await onA.json('POST', '/users', { email: 'forgetful@example.com', password: 'a password to forget' });
    expect(created.status).toBe(201);
    const recover = (api: string, recoveryKey: string) =>
      new TestClient(api).json('POST', '/auth/recover', { email: 'forgetful@example.com', recoveryKey, newPassword: 'a brand new password' });
    for (let i = 0; i < 6; i++) expectError(await recover(first.api, 'AAAA-BBBB'), 401, 'auth.recovery_key_invalid');
    expectBlocked(await recover(second.api, created.body.recoveryKey));
  });

  it('WebDAV Basic: ten free failures and an eleventh on A, then B refuses a valid app password', async () => {
    const app = await onA.json('POST', '/me/app-passwords', { label: 'webdav', scope: 'dav' });
    expect(app.status).toBe(201);
    const valid = new DavClient(second.url, adminEmail, app.body.token);
    expect((await valid.propfind('/dav/', '0')).status).toBe(207);
    const wrong = new DavClient(first.url, adminEmail, 'cf1.wrong.wrong');
    for (let i = 0; i < 11; i++) expect((await wrong.propfind('/dav/', '0')).status).toBe(401);
    const blocked = await valid.propfind('/dav/', '0');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it('link ids and secrets: twenty free wrong guesses and one more on A, then B refuses a real link', async () => {
    const file = await uploadFile(onA, rootId, 'public.txt', 'for anyone with the link');
    const { link, secret } = (await onA.json('POST', '/links', { nodeId: file.id })).body;
    expect((await post(second.api, link.id, '/open', { access: await accessOf(secret) })).status).toBe(200);
    const wrongSecret = await accessOf(randomBytes(32).toString('base64url'));
    // Unknown ids and a wrong secret for a real id count alike (they answer alike).
    for (let i = 0; i < 21; i++) {
      const guess = i % 2 === 0 ? post(first.api, newId(), '/open', { access: wrongSecret }) : post(first.api, link.id, '/open', { access: wrongSecret });
      expectError(await guess, 404, 'link.not_found');
    }
    expectBlocked(await post(second.api, link.id, '/open', { access: await accessOf(secret) }));
  });
});
