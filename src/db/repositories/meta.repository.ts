import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/** Small server-wide settings and one-time secrets' verifiers (never the secrets themselves). */
export class MetaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  /** Sets the value unless one is there already; returns the value that is stored (for first-start races). */
  async setIfAbsent(key: string, value: string): Promise<string> {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.get(key)) ?? value;
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('meta').where('key', '=', key).execute();
  }
}
