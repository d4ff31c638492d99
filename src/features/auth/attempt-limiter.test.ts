import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from './attempt-limiter.js';

describe('AttemptLimiter', () => {
  const make = (clock: { now: number }) => new AttemptLimiter({ freeAttempts: 3, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 8000, now: () => clock.now });

  it('lets the free attempts through, then doubles the wait up to the ceiling', () => {
    const clock = { now: 0 };
    const limiter = make(clock);
    for (let i = 0; i < 3; i++) limiter.recordFailure('a');
    expect(limiter.retryAfterMs('a')).toBe(0);
    const waits = [];
    for (let i = 0; i < 5; i++) {
      limiter.recordFailure('a');
      waits.push(limiter.retryAfterMs('a'));
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it('keeps keys apart, forgets after success and after the window', () => {
    const clock = { now: 0 };
    const limiter = make(clock);
    for (let i = 0; i < 4; i++) limiter.recordFailure('a');
    expect(limiter.retryAfterMs('a')).toBeGreaterThan(0);
    expect(limiter.retryAfterMs('b')).toBe(0);
    limiter.recordSuccess('a');
    expect(limiter.retryAfterMs('a')).toBe(0);
    for (let i = 0; i < 4; i++) limiter.recordFailure('c');
    clock.now = 61_000;
    expect(limiter.retryAfterMs('c')).toBe(0);
    limiter.recordFailure('c');
    expect(limiter.retryAfterMs('c')).toBe(0);
  });
});
