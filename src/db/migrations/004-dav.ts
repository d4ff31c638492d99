import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * WebDAV state that must be shared by every server instance: locks (so two instances agree on who holds
 * one) and dead properties. Both go with their node (cascade). Property values and lock owners are user
 * text, so they are stored sealed (docs/format.md, "WebDAV properties").
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('dav_locks')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('depth', 'text', (c) => c.notNull())
    .addColumn('owner_sealed', t.binary)
    .addColumn('timeout_seconds', t.bigint, (c) => c.notNull())
    .addColumn('expires_at', t.bigint, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dav_locks_node').on('dav_locks').column('node_id').execute();

  await db.schema
    .createTable('dav_properties')
    .addColumn('node_id', 'text', (c) => c.primaryKey().references('nodes.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sealed', t.binary, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();
}
