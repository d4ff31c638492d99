/**
 * Counts failures per key (an account, an IP address) in a sliding window and says how long a key
 * must wait. Each failure past the free allowance doubles the delay, up to `maxDelayMs`.
 * In memory: with several server instances each keeps its own counts. The sign-in limiters use
 * SharedAttemptLimiter (the database) through the AttemptCounter face instead.
 */
export interface AttemptLimiterOptions {
  readonly freeAttempts: number;
  readonly windowMs: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly now?: () => number;
}

interface Entry {
  failures: number;
  firstFailureAt: number;
  blockedUntil: number;
}

/** The asynchronous face of a limiter: in memory (AttemptLimiter) or shared by every instance (SharedAttemptLimiter). */
export interface AttemptCounter {
  /** Milliseconds the key must still wait; 0 when it may try now. */
  waitMs(key: string): Promise<number>;
  fail(key: string): Promise<void>;
  succeed(key: string): Promise<void>;
  /** Failures counted for the key in the current window. */
  count(key: string): Promise<number>;
}

export class AttemptLimiter implements AttemptCounter {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: AttemptLimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds the key must still wait; 0 when it may try now. */
  retryAfterMs(key: string): number {
    const entry = this.current(key);
    return entry ? Math.max(0, entry.blockedUntil - this.now()) : 0;
  }

  recordFailure(key: string): void {
    const now = this.now();
    const entry = this.current(key) ?? { failures: 0, firstFailureAt: now, blockedUntil: 0 };
    entry.failures += 1;
    const excess = entry.failures - this.options.freeAttempts;
    if (excess > 0) {
      const delay = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (excess - 1));
      entry.blockedUntil = now + delay;
    }
    this.entries.set(key, entry);
    if (this.entries.size > 100_000) this.prune();
  }

  /** Failures counted for the key in the current window. */
  failures(key: string): number {
    return this.current(key)?.failures ?? 0;
  }

  recordSuccess(key: string): void {
    this.entries.delete(key);
  }

  async waitMs(key: string): Promise<number> {
    return this.retryAfterMs(key);
  }

  async fail(key: string): Promise<void> {
    this.recordFailure(key);
  }

  async succeed(key: string): Promise<void> {
    this.recordSuccess(key);
  }

  async count(key: string): Promise<number> {
    return this.failures(key);
  }

  private current(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.firstFailureAt > this.options.windowMs && this.now() >= entry.blockedUntil) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    for (const key of [...this.entries.keys()]) this.current(key);
  }
}
