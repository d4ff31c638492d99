import type { Kysely } from 'kysely';
import type { ColumnTypes } from './column-types.js';

/**
 * Passwordless passkey sign-in (PRF), fresh re-authentication, and WebAuthn challenges and sign-in failure counters in
 * the database so several instances share them. Both dialects.
 */
export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  // The master key wrapped under a key derived from the passkey's PRF output; null = second factor only.
  await db.schema.alterTable('passkeys').addColumn('master_key_wrapped', t.binary).execute();
  await db.schema.alterTable('passkeys').addColumn('passwordless_at', t.bigint).execute();
  // When the session last proved the password or a second factor (sign-in or POST /me/reauth).
  await db.schema.alterTable('sessions').addColumn('reauthenticated_at', t.bigint).execute();

  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('expires_at', t.bigint, (c) => c.notNull())
    .execute();
  // Failure counters of the rate limiters (at first only the sign-in ones), shared by every instance on this database.
  await db.schema
    .createTable('attempt_counters')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('first_failure_at', t.bigint, (c) => c.notNull())
    .addColumn('blocked_until', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webauthn_challenges_user').on('webauthn_challenges').columns(['user_id', 'purpose']).execute();
}
