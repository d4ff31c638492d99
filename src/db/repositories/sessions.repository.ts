import type { Insertable, Kysely } from 'kysely';
import type { Database, SessionRow, SessionsTable } from '../schema.js';

export class SessionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listForUser(userId: string): Promise<SessionRow[]> {
    return this.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  }

  async insert(session: Insertable<SessionsTable>): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  async touch(id: string, lastUsedAt: number, expiresAt: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_used_at: lastUsedAt, expires_at: expiresAt }).where('id', '=', id).execute();
  }

  async markReauthenticated(id: string, at: number): Promise<void> {
    await this.db.updateTable('sessions').set({ reauthenticated_at: at }).where('id', '=', id).execute();
  }

  /** Deleting the row destroys the only copy of the master key wrapped for this session. */
  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteAllForUser(userId: string, exceptId?: string): Promise<void> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptId) query = query.where('id', '!=', exceptId);
    await query.execute();
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
