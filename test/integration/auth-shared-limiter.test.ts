import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedAttemptLimiter } from '../../src/features/auth/index.js';
import { testDialects } from '../support/dialects.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** The database-backed limiter follows the in-memory policy exactly (same cases as attempt-limiter.test.ts). */
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
