import type { Insertable, Kysely } from 'kysely';
import type { Database, PasskeyRow, PasskeysTable } from '../schema.js';

export class PasskeysRepository {
  constructor(private readonly db: Kysely<Database>) {}

  listForUser(userId: string): Promise<PasskeyRow[]> {
    return this.db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  }

  async insert(passkey: Insertable<PasskeysTable>): Promise<void> {
    await this.db.insertInto('passkeys').values(passkey).execute();
  }

  async markUsed(id: string, counter: number, at: number): Promise<void> {
    await this.db.updateTable('passkeys').set({ counter, last_used_at: at }).where('id', '=', id).execute();
  }

  findById(id: string): Promise<PasskeyRow | undefined> {
    return this.db.selectFrom('passkeys').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async rename(userId: string, id: string, label: string): Promise<boolean> {
    const result = await this.db.updateTable('passkeys').set({ label }).where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Stores (or with null, drops) the passkey's wrap of the master key for passwordless sign-in. */
  async setPasswordless(userId: string, id: string, wrapped: Buffer | null, at: number | null): Promise<boolean> {
    const result = await this.db
      .updateTable('passkeys')
      .set({ master_key_wrapped: wrapped, passwordless_at: at })
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('passkeys').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async clearPasswordlessForUser(userId: string): Promise<void> {
    await this.db.updateTable('passkeys').set({ master_key_wrapped: null, passwordless_at: null }).where('user_id', '=', userId).execute();
  }

  async deleteAllForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('passkeys').where('user_id', '=', userId).execute();
  }
}
