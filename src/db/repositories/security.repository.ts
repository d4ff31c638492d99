import type { Insertable, Kysely } from 'kysely';
import type { AdminEventRow, AdminEventsTable, Database, EmailChangeRow, EmailChangesTable, InvitationRow, InvitationsTable } from '../schema.js';

/** Known devices, the admin events list and invitations: the small tables of account security. */
export class SecurityRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records the device; true when it was not known before. */
  async rememberDevice(userId: string, deviceHash: Buffer, now: number): Promise<boolean> {
    const known = await this.db
      .selectFrom('known_devices')
      .select('user_id')
      .where('user_id', '=', userId)
      .where('device_hash', '=', deviceHash)
      .executeTakeFirst();
    if (known) return false;
    await this.db.insertInto('known_devices').values({ user_id: userId, device_hash: deviceHash, created_at: now }).execute();
    return true;
  }

  async hasDevices(userId: string): Promise<boolean> {
    return (await this.db.selectFrom('known_devices').select('user_id').where('user_id', '=', userId).limit(1).executeTakeFirst()) !== undefined;
  }

  async addEvent(event: Insertable<AdminEventsTable>): Promise<void> {
    await this.db.insertInto('admin_events').values(event).execute();
  }

  listEvents(limit: number, kind?: string): Promise<AdminEventRow[]> {
    let query = this.db.selectFrom('admin_events').selectAll();
    if (kind) query = query.where('kind', '=', kind);
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  }

  async insertInvitation(invitation: Insertable<InvitationsTable>): Promise<void> {
    await this.db.insertInto('invitations').values(invitation).execute();
  }

  findInvitation(id: string): Promise<InvitationRow | undefined> {
    return this.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async consumeInvitation(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('invitations').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** One pending change per account: a new request replaces the old one. */
  async replaceEmailChange(change: Insertable<EmailChangesTable>): Promise<void> {
    await this.db.deleteFrom('email_changes').where('user_id', '=', change.user_id).execute();
    await this.db.insertInto('email_changes').values(change).execute();
  }

  findEmailChange(id: string): Promise<EmailChangeRow | undefined> {
    return this.db.selectFrom('email_changes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async consumeEmailChange(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('email_changes').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
