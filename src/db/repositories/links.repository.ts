import type { Kysely } from 'kysely';
import type { Database, LinkRow, LinkTicketRow, ShareEventRow } from '../schema.js';

/** Public links, their download tickets, and the share event table the ledger will replace. */
export class LinksRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<LinkRow | undefined> {
    return this.db.selectFrom('links').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listForOwner(ownerId: string): Promise<LinkRow[]> {
    return this.db.selectFrom('links').selectAll().where('owner_id', '=', ownerId).orderBy('created_at').execute();
  }

  async insert(row: LinkRow): Promise<void> {
    await this.db.insertInto('links').values(row).execute();
  }

  /** Revoking destroys the wrapped key: a revoked link can never be revived from the database. */
  async revoke(id: string, at: number): Promise<void> {
    await this.db
      .updateTable('links')
      .set({ revoked_at: at, key_wrapped: Buffer.alloc(0), name_sealed: Buffer.alloc(0) })
      .where('id', '=', id)
      .execute();
    await this.db.deleteFrom('link_tickets').where('link_id', '=', id).execute();
  }

  /** Counts one download unless the limit is reached; false when it is. Atomic, so parallel requests cannot overshoot. */
  async tryCountDownload(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('links')
      .set((eb) => ({ download_count: eb('download_count', '+', 1) }))
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('max_downloads', 'is', null), eb('download_count', '<', eb.ref('max_downloads'))]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertTicket(row: LinkTicketRow): Promise<void> {
    await this.db.insertInto('link_tickets').values(row).execute();
  }

  findTicket(id: string): Promise<LinkTicketRow | undefined> {
    return this.db.selectFrom('link_tickets').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async deleteExpiredTickets(now: number): Promise<void> {
    await this.db.deleteFrom('link_tickets').where('expires_at', '<=', now).execute();
  }

  async insertEvent(row: ShareEventRow): Promise<void> {
    await this.db.insertInto('share_events').values(row).execute();
  }

  listEvents(subjectId: string): Promise<ShareEventRow[]> {
    return this.db.selectFrom('share_events').selectAll().where('subject_id', '=', subjectId).orderBy('at').orderBy('id').execute();
  }
}
