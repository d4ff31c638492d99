import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * Reports of storage scrubs (docs/storage.md). The report itself is JSON: its shape belongs to the scrubber and may
 * grow without migrations. It holds ids, object keys and counts, never names or contents.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('scrub_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', t.bigint, (c) => c.notNull())
    .addColumn('finished_at', t.bigint, (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scrub_reports_started').on('scrub_reports').column('started_at').execute();
}
