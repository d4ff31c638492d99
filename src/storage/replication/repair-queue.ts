/**
 * Keys waiting to have their replicas checked and repaired, worked off one at a time in the background.
 * Bounded: past `limit` waiting keys new ones are dropped, since scrub finds whatever the queue missed.
 */
export class RepairQueue {
  private readonly waiting = new Set<string>();
  private running: Promise<void> | undefined;
  dropped = 0;

  constructor(
    private readonly work: (key: string) => Promise<void>,
    private readonly limit = 1000,
  ) {}

  schedule(key: string): void {
    if (this.waiting.has(key)) return;
    if (this.waiting.size >= this.limit) {
      this.dropped += 1;
      return;
    }
    this.waiting.add(key);
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
  }

  get size(): number {
    return this.waiting.size;
  }

  /** Resolves once nothing is waiting (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (const key of this.waiting) {
      // A failed repair is not retried here: the copy stays bad until a later read or scrub finds it again.
      await this.work(key).catch(() => undefined);
      this.waiting.delete(key);
    }
  }
}
