import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * Secure delivery by email: a delivery (who sent which node, options) and one row per recipient, each tied to its own
 * link (the wrapped key and access verifier live in `links`), with the current one-time code's verifier and the
 * opened/downloaded times the sender sees.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
    .addColumn('node_type', 'text', (c) => c.notNull())
    .addColumn('notify_on_download', 'integer', (c) => c.notNull())
    .addColumn('expires_at', t.bigint)
    .addColumn('revoked_at', t.bigint)
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deliveries_owner').on('deliveries').column('owner_id').execute();

  await db.schema
    .createTable('delivery_recipients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('link_id', 'text', (c) => c.notNull().unique().references('links.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('sent_at', t.bigint)
    .addColumn('send_failed_at', t.bigint)
    .addColumn('code_verifier', t.binary)
    .addColumn('code_expires_at', t.bigint)
    .addColumn('code_sent_at', t.bigint)
    .addColumn('code_failures', 'integer', (c) => c.notNull())
    .addColumn('opened_at', t.bigint)
    .addColumn('downloaded_at', t.bigint)
    .addColumn('revoked_at', t.bigint)
    .execute();
  await db.schema.createIndex('delivery_recipients_delivery').on('delivery_recipients').column('delivery_id').execute();
}
