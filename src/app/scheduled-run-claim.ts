import type { Store } from '../db/index.js';

/** Scheduled jobs that run at most once per interval across every instance on one database. */
export type ScheduledJob = 'gc' | 'scrub' | 'backup';

/**
 * Asks whether this instance should run `job` now. Every instance keeps its own timer, and instances on one
 * database would each run the job on every tick: several backups to one target per interval, pruning each other's
 * work, and as many scrubs reading every object. The run goes to whichever instance first claims it once the last
 * run (by anyone) began at least 90% of the interval ago; the slack keeps a timer that fires a little early from
 * skipping a whole interval. Explicit runs (`coffer scrub`, `POST /admin/scrub`, `coffer backup`) are not claimed.
 */
export function claimScheduledRun(store: Store, job: ScheduledJob, intervalMs: number, now: number = Date.now()): Promise<boolean> {
  return store.repos.windowClaims.claim(`job:${job}`, now, now - 0.9 * intervalMs);
}
