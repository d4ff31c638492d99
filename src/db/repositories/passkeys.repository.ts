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

  async delete(userId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('passkeys').where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async deleteAllForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('passkeys').where('user_id', '=', userId).execute();
  }
}
