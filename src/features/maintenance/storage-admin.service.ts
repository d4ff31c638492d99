import type { Store } from '../../db/index.js';
import type { ScrubReport } from './scrub-report.js';
import type { Scrubber } from './scrubber.js';

export interface StorageFacts {
  /** Backend descriptions in read order (never credentials). */
  readonly backends: readonly string[];
  readonly writeQuorum: number;
  readonly scrubIntervalMs: number;
  /** Replica repairs waiting in the background queue. */
  pendingRepairs(): number;
  /** Told when a scrub started from the API fails (the server logs it). */
  onScrubFailed?(err: unknown): void;
}

export interface StorageHealthView {
  readonly backends: { description: string }[];
  readonly writeQuorum: number;
  readonly versions: number;
  readonly objects: number;
  readonly pendingRepairs: number;
  readonly scrub: { running: boolean; current: ScrubReport | null; last: ScrubReport | null; intervalMs: number };
}

/** What administrators see and start about storage integrity: the health report and on-demand scrubs. */
export class StorageAdminService {
  constructor(
    private readonly store: Store,
    private readonly scrubber: Scrubber,
    private readonly facts: StorageFacts,
  ) {}

  /** Starts a scrub in the background (or joins the running one) and says when it started. */
  startScrub(): { running: true; startedAt: number } {
    this.scrubber.run().catch((err: unknown) => this.facts.onScrubFailed?.(err));
    return { running: true, startedAt: this.scrubber.inProgress?.startedAt ?? Date.now() };
  }

  async health(): Promise<StorageHealthView> {
    const counts = await this.store.repos.versions.counts();
    const current = this.scrubber.inProgress;
    return {
      backends: this.facts.backends.map((description) => ({ description })),
      writeQuorum: this.facts.writeQuorum,
      ...counts,
      pendingRepairs: this.facts.pendingRepairs(),
      scrub: {
        running: current !== undefined,
        current: current ?? null,
        last: (await this.scrubber.lastReport()) ?? null,
        intervalMs: this.facts.scrubIntervalMs,
      },
    };
  }
}
