import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Who acts for a key in a time window (sends a security notice, runs a scheduled job), decided in one conditional
 * upsert: among instances (or requests) racing for the same window exactly one claim succeeds.
 */
export class WindowClaimsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Claims `key` for the window starting at `windowStart`. Succeeds when nobody holds it or the held claim's window
   * started before `replacesBefore` (that window is over); false when a current claim, made here or elsewhere, stands.
   */
  async claim(key: string, windowStart: number, replacesBefore: number): Promise<boolean> {
    const won = await this.db
      .insertInto('window_claims')
      .values({ key, window_start: windowStart })
      .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: windowStart }).where('window_claims.window_start', '<', replacesBefore))
      .returning('key')
      .executeTakeFirst();
    return won !== undefined;
  }

  /**
   * Drops the claims under `prefix` whose window started before `before`. Only a caller that knows its windows may
   * prune its own keys: a dropped claim no longer stands, so pruning one still current would let a second claim win.
   */
  async deleteStale(prefix: string, before: number): Promise<void> {
    await this.db.deleteFrom('window_claims').where('key', 'like', `${prefix}%`).where('window_start', '<', before).execute();
  }
}
