import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Every object is recorded here before it is written to a backend, so an upload that dies midway
 * leaves rows that garbage collection can find; an object is garbage once no version references it.
 */
export class ObjectsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async recordIntent(key: string, size: number, now: number): Promise<void> {
    await this.db
      .insertInto('objects')
      .values({ key, size, created_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ created_at: now }))
      .execute();
  }

  async findUnreferenced(createdBefore: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('objects')
      .select('key')
      .where('created_at', '<', createdBefore)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('version_objects').select('version_id').whereRef('version_objects.object_key', '=', 'objects.key'))))
      .limit(limit)
      .execute();
    return rows.map((r) => r.key);
  }

  async isReferenced(key: string): Promise<boolean> {
    const row = await this.db.selectFrom('version_objects').select('version_id').where('object_key', '=', key).executeTakeFirst();
    return row !== undefined;
  }

  async isKnown(key: string): Promise<boolean> {
    const row = await this.db.selectFrom('objects').select('key').where('key', '=', key).executeTakeFirst();
    return row !== undefined;
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('objects').where('key', '=', key).execute();
  }
}
