import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * The integrity log (docs/format.md, "Integrity log"). Entries are the RFC 6962 leaves; `ledger_nodes` holds the hash
 * of every complete, aligned subtree (level 0 = leaf hashes), written once when its last leaf is appended, so any
 * root or proof needs O(log² n) rows at most and never a scan. `ledger_head` is the single row whose update
 * serializes appends across transactions and server instances; `ledger_checkpoints` records what the log signed.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('ledger_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('size', t.bigint, (c) => c.notNull())
    .execute();
  await db
    .insertInto('ledger_head' as never)
    .values({ id: 1, size: 0 } as never)
    .execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('idx', t.bigint, (c) => c.primaryKey())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', t.binary, (c) => c.notNull())
    .addColumn('entry', t.binary, (c) => c.notNull())
    .addColumn('version_id', 'text')
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_entries_version').on('ledger_entries').column('version_id').execute();

  await db.schema
    .createTable('ledger_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', t.bigint, (c) => c.notNull())
    .addColumn('hash', t.binary, (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_nodes_pk', ['level', 'idx'])
    .execute();

  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('size', t.bigint, (c) => c.primaryKey())
    .addColumn('root_hash', t.binary, (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();

  // The keyed plaintext commitment of each version (docs/format.md, "Plaintext commitment"); null before this migration.
  await db.schema.alterTable('versions').addColumn('plaintext_mac', t.binary).execute();
}
