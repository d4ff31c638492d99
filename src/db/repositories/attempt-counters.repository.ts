import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

export interface AttemptCount {
  readonly failures: number;
  readonly firstFailureAt: number;
  readonly blockedUntil: number;
}

/** The failure counters of every rate limiter, shared by every instance; one atomic upsert per failure, so concurrent failures all count. */
export class AttemptCountersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<AttemptCount | undefined> {
    const row = await this.db.selectFrom('attempt_counters').selectAll().where('key', '=', key).executeTakeFirst();
    return row && { failures: Number(row.failures), firstFailureAt: Number(row.first_failure_at), blockedUntil: Number(row.blocked_until) };
  }

  /** Counts one failure; a window that ended (and is not blocking) starts again at 1. Returns the new count. */
  async addFailure(key: string, now: number, windowMs: number): Promise<AttemptCount> {
    const stale = sql<boolean>`${now} - attempt_counters.first_failure_at > ${windowMs} and ${now} >= attempt_counters.blocked_until`;
    const row = await this.db
      .insertInto('attempt_counters')
      .values({ key, failures: 1, first_failure_at: now, blocked_until: 0 })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when ${stale} then 1 else attempt_counters.failures + 1 end`,
          first_failure_at: sql<number>`case when ${stale} then ${now} else attempt_counters.first_failure_at end`,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    return { failures: Number(row.failures), firstFailureAt: Number(row.first_failure_at), blockedUntil: Number(row.blocked_until) };
  }

  /** Only ever moves the block later, so two instances racing cannot shorten it. */
  async blockUntil(key: string, until: number): Promise<void> {
    await this.db.updateTable('attempt_counters').set({ blocked_until: until }).where('key', '=', key).where('blocked_until', '<', until).execute();
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('attempt_counters').where('key', '=', key).execute();
  }

  /** How many keys under `prefix` have failures in a window still open, and how many failures they hold together. */
  async windowTotals(prefix: string, now: number, windowMs: number): Promise<{ keys: number; failures: number }> {
    const row = await this.db
      .selectFrom('attempt_counters')
      .select((eb) => [eb.fn.countAll<number | string>().as('keys'), eb.fn.sum<number | string | null>('failures').as('failures')])
      .where('key', 'like', `${prefix}%`)
      .where('first_failure_at', '>=', now - windowMs)
      .executeTakeFirstOrThrow();
    // PostgreSQL answers count and sum as bigint text, and sum as null over no rows.
    return { keys: Number(row.keys), failures: Number(row.failures ?? 0) };
  }

  async deleteStale(prefix: string, now: number, windowMs: number): Promise<void> {
    await this.db
      .deleteFrom('attempt_counters')
      .where('key', 'like', `${prefix}%`)
      .where('first_failure_at', '<', now - windowMs)
      .where('blocked_until', '<=', now)
      .execute();
  }
}
