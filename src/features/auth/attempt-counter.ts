import { CofferError } from '../../domain/index.js';

/**
 * How a limiter treats the failures of one key (an account, a client address, a link) in a window from its first: the
 * first `freeAttempts` cost nothing, each one after that blocks the key for `baseDelayMs`, doubling, up to `maxDelayMs`.
 */
export interface AttemptPolicy {
  readonly freeAttempts: number;
  readonly windowMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** How long the key is blocked after its `failures`-th failure in the window; 0 within the free allowance. */
export function blockAfterFailure(failures: number, policy: AttemptPolicy): number {
  const excess = failures - policy.freeAttempts;
  return excess > 0 ? Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (excess - 1)) : 0;
}

/** A limiter as its users see it; SharedAttemptLimiter keeps the counts in the database for every instance. */
export interface AttemptCounter {
  /** Milliseconds the key must still wait; 0 when it may try now. */
  waitMs(key: string): Promise<number>;
  fail(key: string): Promise<void>;
  succeed(key: string): Promise<void>;
  /** Failures counted for the key in the current window. */
  count(key: string): Promise<number>;
}

/** Throws `auth.rate_limited` (with its Retry-After) for the first of the keys that must still wait. */
export async function refuseWhileBlocked(limiter: AttemptCounter, ...keys: string[]): Promise<void> {
  const waits = await Promise.all(keys.map((key) => limiter.waitMs(key)));
  const wait = waits.find((ms) => ms > 0);
  if (wait !== undefined) throw new CofferError('auth.rate_limited', undefined, { retryAfterSeconds: Math.ceil(wait / 1000) });
}
