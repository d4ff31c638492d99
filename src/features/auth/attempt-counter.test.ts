import { describe, expect, it } from 'vitest';
import { CofferError } from '../../domain/index.js';
import { blockAfterFailure, refuseWhileBlocked, type AttemptCounter } from './attempt-counter.js';

describe('blockAfterFailure', () => {
  const policy = { freeAttempts: 3, windowMs: 60_000, baseDelayMs: 1000, maxDelayMs: 8000 };

  it('lets the free attempts through, then doubles the wait up to the ceiling', () => {
    expect([1, 2, 3].map((n) => blockAfterFailure(n, policy))).toEqual([0, 0, 0]);
    expect([4, 5, 6, 7, 8].map((n) => blockAfterFailure(n, policy))).toEqual([1000, 2000, 4000, 8000, 8000]);
  });

  it('stays at the ceiling however many failures pile up', () => {
    expect(blockAfterFailure(5000, policy)).toBe(8000);
  });
});

describe('refuseWhileBlocked', () => {
  const limiter = (waits: Record<string, number>): AttemptCounter => ({
    waitMs: async (key) => waits[key] ?? 0,
    fail: async () => undefined,
    succeed: async () => undefined,
    count: async () => 0,
  });

  it('passes when no key waits', async () => {
    await expect(refuseWhileBlocked(limiter({}), 'a', 'b')).resolves.toBeUndefined();
  });

  it('answers with the wait of the first blocked key, rounded up to seconds', async () => {
    const refused = await refuseWhileBlocked(limiter({ b: 1500, c: 9000 }), 'a', 'b', 'c').catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(CofferError);
    expect((refused as CofferError).code).toBe('auth.rate_limited');
    expect((refused as CofferError).details).toEqual({ retryAfterSeconds: 2 });
  });
});
