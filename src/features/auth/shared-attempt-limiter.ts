import type { Store } from '../../db/index.js';
import { blockAfterFailure, type AttemptCounter, type AttemptPolicy } from './attempt-counter.js';

export interface AttemptLimiterOptions extends AttemptPolicy {
  /** The time source; tests move it forward. */
  readonly now?: () => number;
}

/**
 * An AttemptPolicy counted in the database (`attempt_counters`), so every instance on one database sees the same
 * counts and blocks, and they survive restarts.
 */
export class SharedAttemptLimiter implements AttemptCounter {
  private readonly now: () => number;
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    /** Prefixes every key, so limiters never share a row (nor prune each other's: see `fail`). */
    private readonly name: string,
    private readonly options: AttemptLimiterOptions,
  ) {
    // Pruning matches `<name>:%` with LIKE: a `:` would let one name cover another, `_` and `%` are wildcards.
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`limiter name "${name}" must be lowercase letters, digits and dashes`);
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
    const block = blockAfterFailure(failures, this.options);
    if (block > 0) await this.store.repos.attemptCounters.blockUntil(rowKey, now + block);
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
