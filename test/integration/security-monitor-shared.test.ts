import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store, UserRow } from '../../src/db/index.js';
import { SecurityMonitor, type SecurityEventKind } from '../../src/features/auth/index.js';
import type { MailMessage } from '../../src/features/mail/index.js';
import { testDialects } from '../support/dialects.js';
import { TestClient } from '../support/http-client.js';
import { expectError, sleep } from '../support/integration-helpers.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { adminEmail, startSecondInstance, startTestServer, type SecondInstance, type TestServer } from '../support/test-server.js';

const windowMs = 60_000;

/**
 * The monitor's counts and "already sent" marks are in the database: two SecurityMonitor objects over one store stand
 * for two instances, on a clock the tests move. Each records the mails and events it sent.
 */
describe.each(testDialects())('SecurityMonitor over one database on %s', (dialect) => {
  let server: TestServer;
  let store: Store;
  let owner: UserRow;
  const clock = { now: 1_000_000 };

  beforeAll(async () => {
    server = await startTestServer(dialect);
    store = server.running.services.store;
    owner = (await store.repos.users.findByEmail(adminEmail))!;
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  interface Sent {
    readonly mails: MailMessage[];
    readonly events: { kind: SecurityEventKind; detail: Readonly<Record<string, number | string>> }[];
  }

  function startInstance(): { monitor: SecurityMonitor } & Sent {
    const sent: Sent = { mails: [], events: [] };
    const mailer = { delivers: false, send: async (mail: MailMessage) => void sent.mails.push(mail) };
    const events = {
      record: async (kind: SecurityEventKind, _userId: string | null, detail: Readonly<Record<string, number | string>> = {}) =>
        void sent.events.push({ kind, detail }),
      list: async () => [],
    };
    const monitor = new SecurityMonitor(store, mailer, events, { now: () => clock.now }, { accountNoticeAfter: 3, burstAccounts: 4, windowMs });
    return { monitor, ...sent };
  }

  const kinds = (...instances: Sent[]) => instances.flatMap((i) => i.events.map((e) => e.kind));

  /** Each test starts well past the previous one's windows. */
  const nextEra = () => (clock.now += 10 * windowMs);

  it('claims: of concurrent claims for one window exactly one wins; a later window is claimed again', async () => {
    const claims = store.repos.windowClaims;
    const results = await Promise.all(Array.from({ length: 8 }, () => claims.claim('race', 1000, 1000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await claims.claim('race', 1000, 1000)).toBe(false);
    expect(await claims.claim('race', 2000, 2000)).toBe(true);
    expect(await claims.claim('race', 1500, 1500)).toBe(false);
  });

  it('failures on two instances add up to one owner notice per window, even when they race', async () => {
    nextEra();
    const [a, b] = [startInstance(), startInstance()];
    // The third failure, on A, reaches the threshold; A had seen two of them.
    for (const instance of [a, b, a]) await instance.monitor.passwordFailed(owner.email, owner);
    expect(a.events).toEqual([{ kind: 'sign_in.repeated_failures', detail: { failures: 3 } }]);
    expect(a.mails.map((m) => m.to)).toEqual([owner.email]);
    // More in the same window, on either instance: no second notice.
    for (const instance of [b, a]) await instance.monitor.passwordFailed(owner.email, owner);
    expect(kinds(a, b)).toEqual(['sign_in.repeated_failures']);
    expect(b.mails).toEqual([]);

    clock.now += windowMs + 1;
    await Promise.all([a, b, a, b, a, b].map((instance) => instance.monitor.passwordFailed(owner.email, owner)));
    expect(kinds(a, b).filter((k) => k === 'sign_in.repeated_failures')).toHaveLength(2);
    expect([...a.mails, ...b.mails].filter((m) => /Failed sign-in/.test(m.subject))).toHaveLength(2);
  });

  it('failures on distinct accounts over two instances raise one burst alert per window, even when they race', async () => {
    nextEra();
    const [a, b] = [startInstance(), startInstance()];
    const fail = (instance: { monitor: SecurityMonitor }, n: number) => instance.monitor.passwordFailed(`guess${n}@example.com`, undefined);
    for (const [n, instance] of [a, b, a, b].entries()) await fail(instance, n);
    expect(kinds(a, b)).toEqual(['alert.failure_burst']);
    expect(b.events[0]?.detail).toEqual({ accounts: 4, failures: 4, windowMinutes: 1 });
    expect(b.mails.map((m) => m.to)).toEqual([adminEmail]);
    // The burst goes on at A, whose count (the shared one) is past the threshold too: no second alert in the window.
    for (const n of [4, 5, 6]) await fail(a, n);
    expect(kinds(a, b)).toEqual(['alert.failure_burst']);

    clock.now += windowMs + 1;
    await Promise.all([a, b, a, b, a, b].map((instance, n) => fail(instance, 10 + n)));
    expect(kinds(a, b)).toEqual(['alert.failure_burst', 'alert.failure_burst']);
  });

  it('drops counts and claims once their window is over', async () => {
    nextEra();
    const instance = startInstance();
    // Another user of the table (a scheduled job) whose claim is as old: the monitor must leave it alone.
    expect(await store.repos.windowClaims.claim('job:monitor-test', clock.now, clock.now)).toBe(true);
    for (let i = 0; i < 3; i++) await instance.monitor.passwordFailed(owner.email, owner);
    expect(await store.repos.attemptCounters.get(`monitor-account:${owner.email}`)).toBeDefined();
    nextEra();
    await instance.monitor.passwordFailed('someone-else@example.com', undefined);
    expect(await store.repos.attemptCounters.get(`monitor-account:${owner.email}`)).toBeUndefined();
    // Nothing holds the owner's claim any more, so even a claim for the earliest window succeeds.
    expect(await store.repos.windowClaims.claim(`notice:repeated-failures:${owner.id}`, 0, 0)).toBe(true);
    expect(await store.repos.windowClaims.claim('job:monitor-test', 0, 0)).toBe(false);
  });
});

/**
 * Two instances behind one load balancer, on one PostgreSQL database and one SMTP server: the notices see the
 * failures of both and go out once. With counts or marks kept per process, each instance would see half the
 * failures (no notice at all) or send its own alert.
 */
describe.each(testDialects().filter((d) => d === 'postgres'))('security notices across instances on %s', () => {
  let smtp: SmtpSink;
  let first: TestServer;
  let second: SecondInstance;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  async function withInstances(test: () => Promise<void>): Promise<void> {
    first = await startTestServer('postgres', smtp.env());
    second = await startSecondInstance(first, smtp.env());
    try {
      await test();
    } finally {
      await second.close();
      await first.close();
    }
  }

  const signIn = (api: string, email: string) => new TestClient(api).json('POST', '/auth/sign-in', { email, password: 'a wrong password' });
  const eventsOf = async (kind: SecurityEventKind) => first.running.services.store.repos.security.listEvents(10, kind);

  it('failed passwords for one account on both instances bring its owner one notice', async () => {
    await withInstances(async () => {
      await first.running.services.users.create('owner@example.com', 'the owner has a long password', 'user');
      // The fifth (on A) reaches the threshold; the sixth (on B) is in the same window.
      for (let i = 0; i < 6; i++) expectError(await signIn(i % 2 === 0 ? first.api : second.api, 'owner@example.com'), 401, 'auth.invalid_credentials');
      expect((await smtp.next('owner@example.com', /Failed sign-in/)).text).toContain('There were 5 failed attempts');
      await sleep(300);
      expect(smtp.received.filter((mail) => /Failed sign-in/.test(mail.subject))).toEqual([]);
      const events = await eventsOf('sign_in.repeated_failures');
      expect(events.map((e) => JSON.parse(e.detail))).toEqual([{ failures: 5 }]);
    });
  });

  it('failures on distinct accounts over both instances raise one alert, mailed once to each administrator', async () => {
    await withInstances(async () => {
      await first.running.services.users.create('second-admin@example.com', 'another long admin password', 'admin');
      // The tenth account (on B) makes the burst.
      for (let i = 0; i < 10; i++) expectError(await signIn(i % 2 === 0 ? first.api : second.api, `nobody${i}@example.com`), 401, 'auth.invalid_credentials');
      await expect.poll(async () => (await eventsOf('alert.failure_burst')).length).toBe(1);
      await smtp.next(adminEmail, /alert/);
      await smtp.next('second-admin@example.com', /alert/);
      // A counts the same ten accounts; three more there are the same burst, in the same window.
      for (let i = 10; i < 13; i++) expectError(await signIn(first.api, `nobody${i}@example.com`), 401, 'auth.invalid_credentials');
      await sleep(300);
      const events = await eventsOf('alert.failure_burst');
      expect(events.map((e) => JSON.parse(e.detail))).toEqual([{ accounts: 10, failures: 10, windowMinutes: 15 }]);
      expect(smtp.received.filter((mail) => /alert/.test(mail.subject))).toEqual([]);
    });
  });
});
