import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * Which window each security notice was last sent for, and each scheduled job last run for, so that instances on one
 * database send a notice or run a job once per window between them rather than once each. Both dialects.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('window_claims')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', t.bigint, (c) => c.notNull())
    .execute();
}
