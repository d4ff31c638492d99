import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * Resumable (tus) uploads in progress. A row holds everything needed to continue after a restart: the target,
 * the data key wrapped under the target folder's key, the objects sealed so far, the staging blob of the
 * not-yet-full object and the sealed tail (docs/format.md, "Resumable upload staging").
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  await db.schema
    .createTable('uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('parent_id', 'text', (c) => c.notNull())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('name_sealed', t.binary)
    .addColumn('name_hash', t.binary)
    .addColumn('key_wrapped', t.binary, (c) => c.notNull())
    .addColumn('file_key_wrapped', t.binary)
    .addColumn('key_protection', 'text', (c) => c.notNull())
    .addColumn('passphrase_kdf', 'text')
    .addColumn('salt', t.binary, (c) => c.notNull())
    .addColumn('upload_length', t.bigint, (c) => c.notNull())
    .addColumn('upload_offset', t.bigint, (c) => c.notNull())
    .addColumn('staging_key', 'text')
    .addColumn('tail_sealed', t.binary)
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .addColumn('expires_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('uploads_owner').on('uploads').column('owner_id').execute();
  await db.schema.createIndex('uploads_expiry').on('uploads').column('expires_at').execute();
  await db.schema.createIndex('uploads_staging').on('uploads').column('staging_key').execute();

  await db.schema
    .createTable('upload_objects')
    .addColumn('upload_id', 'text', (c) => c.notNull().references('uploads.id').onDelete('cascade'))
    .addColumn('idx', 'integer', (c) => c.notNull())
    .addColumn('object_key', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('upload_objects_pk', ['upload_id', 'idx'])
    .execute();
  await db.schema.createIndex('upload_objects_key').on('upload_objects').column('object_key').execute();
}
