import type { Store } from '../../db/index.js';
import type { AttemptCounter, AttemptLimiterOptions } from './attempt-limiter.js';

/**
 * The same policy as AttemptLimiter (free failures in a window, then doubling delays up to a ceiling), counted in the
 * database (`attempt_counters`), so every instance on one database sees the same counts and blocks.
 */
export class SharedAttemptLimiter implements AttemptCounter {
  private readonly now: () => number;
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    /** Prefixes every key, so limiters with different policies never share a row. */
    private readonly name: string,
    private readonly options: AttemptLimiterOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async waitMs(key: string): Promise<number> {
    const now = this.now();
    const row = await this.store.repos.attemptCounters.get(this.rowKey(key));
    return row ? Math.max(0, row.blockedUntil - now) : 0;
  }

  async fail(key: string): Promise<void> {
    const now = this.now();
    const rowKey = this.rowKey(key);
    const { failures } = await this.store.repos.attemptCounters.addFailure(rowKey, now, this.options.windowMs);
    const excess = failures - this.options.freeAttempts;
    if (excess > 0)
      await this.store.repos.attemptCounters.blockUntil(rowKey, now + Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (excess - 1)));
    // Old rows go now and then, not on every request.
    if (now - this.lastPrune > this.options.windowMs) {
      this.lastPrune = now;
      await this.store.repos.attemptCounters.deleteStale(`${this.name}:`, now, this.options.windowMs);
    }
  }

  async succeed(key: string): Promise<void> {
    await this.store.repos.attemptCounters.delete(this.rowKey(key));
  }

  async count(key: string): Promise<number> {
    const row = await this.store.repos.attemptCounters.get(this.rowKey(key));
    if (!row) return 0;
    const now = this.now();
    return now - row.firstFailureAt > this.options.windowMs && now >= row.blockedUntil ? 0 : row.failures;
  }

  private rowKey(key: string): string {
    return `${this.name}:${key}`;
  }
}
