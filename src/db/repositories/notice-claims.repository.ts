import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Who sends a security notice for a window, decided in one conditional upsert: among instances (or requests) racing
 * for the same window exactly one claim succeeds, so the notice goes out once.
 */
export class NoticeClaimsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Claims `key` for the window starting at `windowStart`. Succeeds when nobody holds it or the held claim's window
   * started before `replacesBefore` (that window is over); false when a current claim, made here or elsewhere, stands.
   */
  async claim(key: string, windowStart: number, replacesBefore: number): Promise<boolean> {
    const won = await this.db
      .insertInto('notice_claims')
      .values({ key, window_start: windowStart })
      .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: windowStart }).where('notice_claims.window_start', '<', replacesBefore))
      .returning('key')
      .executeTakeFirst();
    return won !== undefined;
  }

  /** Drops claims whose window started before `before`: a later claim would replace them anyway. */
  async deleteStale(before: number): Promise<void> {
    await this.db.deleteFrom('notice_claims').where('window_start', '<', before).execute();
  }
}
