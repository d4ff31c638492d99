import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/** Sharing: signed grants to users, public links and their download tickets, file requests, guest invitations, pinned recipient keys, share events. */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('shares')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
    .addColumn('node_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('sharer_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('recipient_public', t.binary, (c) => c.notNull())
    .addColumn('permission', 'text', (c) => c.notNull())
    .addColumn('expires_at', t.bigint)
    .addColumn('key_sealed', t.binary, (c) => c.notNull())
    .addColumn('name_sealed', t.binary, (c) => c.notNull())
    .addColumn('signature', t.binary, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .addUniqueConstraint('shares_node_recipient', ['node_id', 'recipient_id'])
    .execute();
  await db.schema.createIndex('shares_recipient').on('shares').column('recipient_id').execute();

  await db.schema
    .createTable('key_pins')
    .addColumn('pinner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('subject_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('x25519_public', t.binary, (c) => c.notNull())
    .addColumn('ed25519_public', t.binary, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('key_pins_pk', ['pinner_id', 'subject_id'])
    .execute();

  await db.schema
    .createTable('links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
    .addColumn('node_type', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('key_wrapped', t.binary, (c) => c.notNull())
    .addColumn('name_sealed', t.binary, (c) => c.notNull())
    .addColumn('access_verifier', t.binary, (c) => c.notNull())
    .addColumn('password_kdf', 'text')
    .addColumn('password_verifier', t.binary)
    .addColumn('expires_at', t.bigint)
    .addColumn('max_downloads', 'integer')
    .addColumn('download_count', 'integer', (c) => c.notNull())
    .addColumn('allow_download', 'integer', (c) => c.notNull())
    .addColumn('revoked_at', t.bigint)
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('links_owner').on('links').column('owner_id').execute();

  await db.schema
    .createTable('link_tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('link_id', 'text', (c) => c.notNull().references('links.id').onDelete('cascade'))
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('verifier', t.binary, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('expires_at', t.bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('file_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('folder_id', 'text', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_verifier', t.binary, (c) => c.notNull())
    .addColumn('password_kdf', 'text')
    .addColumn('password_verifier', t.binary)
    .addColumn('expires_at', t.bigint)
    .addColumn('revoked_at', t.bigint)
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('file_requests_owner').on('file_requests').column('owner_id').execute();

  await db.schema
    .createTable('guest_invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inviter_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('token_verifier', t.binary, (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.references('nodes.id').onDelete('cascade'))
    .addColumn('permission', 'text')
    .addColumn('accepted_user_id', 'text')
    .addColumn('expires_at', t.bigint, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('guest_invitations_inviter').on('guest_invitations').column('inviter_id').execute();

  await db.schema
    .createTable('share_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('share_events_subject').on('share_events').column('subject_id').execute();
}
