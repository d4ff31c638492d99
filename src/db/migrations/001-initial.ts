import { sql, type Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/** The initial schema. Written once for both dialects; only the binary and integer type names differ. */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('quota_bytes', t.bigint, (c) => c.notNull())
    .addColumn('used_bytes', t.bigint, (c) => c.notNull())
    .addColumn('password_kdf', 'text', (c) => c.notNull())
    .addColumn('password_verifier', t.binary, (c) => c.notNull())
    .addColumn('master_key_by_password', t.binary, (c) => c.notNull())
    .addColumn('master_key_by_recovery', t.binary, (c) => c.notNull())
    .addColumn('root_folder_id', 'text', (c) => c.notNull())
    .addColumn('x25519_public', t.binary, (c) => c.notNull())
    .addColumn('x25519_private_wrapped', t.binary, (c) => c.notNull())
    .addColumn('ed25519_public', t.binary, (c) => c.notNull())
    .addColumn('ed25519_private_wrapped', t.binary, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('secret_verifier', t.binary, (c) => c.notNull())
    .addColumn('master_key_wrapped', t.binary, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('last_used_at', t.bigint, (c) => c.notNull())
    .addColumn('expires_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('nodes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('parent_id', 'text', (c) => c.references('nodes.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name_sealed', t.binary)
    .addColumn('name_hash', t.binary)
    .addColumn('key_wrapped', t.binary, (c) => c.notNull())
    .addColumn('key_protection', 'text', (c) => c.notNull())
    .addColumn('passphrase_kdf', 'text')
    .addColumn('current_version_id', 'text')
    .addColumn('size', t.bigint, (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .addColumn('trashed_at', t.bigint)
    .execute();
  await db.schema.createIndex('nodes_parent').on('nodes').columns(['parent_id', 'trashed_at']).execute();
  await db.schema.createIndex('nodes_owner_trash').on('nodes').columns(['owner_id', 'trashed_at']).execute();
  // One live name per folder: the keyed name hash is unique among the folder's untrashed children.
  await db.schema.createIndex('nodes_unique_name').on('nodes').columns(['parent_id', 'name_hash']).unique().where(sql.ref('trashed_at'), 'is', null).execute();

  await db.schema
    .createTable('versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id').onDelete('cascade'))
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('size', t.bigint, (c) => c.notNull())
    .addColumn('stored_size', t.bigint, (c) => c.notNull())
    .addColumn('salt', t.binary, (c) => c.notNull())
    .addColumn('commitment', t.binary, (c) => c.notNull())
    .addColumn('merkle_root', t.binary, (c) => c.notNull())
    .addColumn('object_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addUniqueConstraint('versions_node_number', ['node_id', 'number'])
    .execute();

  await db.schema
    .createTable('version_objects')
    .addColumn('version_id', 'text', (c) => c.notNull().references('versions.id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('object_key', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('version_objects_pk', ['version_id', 'idx'])
    .execute();
  await db.schema.createIndex('version_objects_key').on('version_objects').column('object_key').execute();
}
