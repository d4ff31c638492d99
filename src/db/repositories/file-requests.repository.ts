import type { Kysely } from 'kysely';
import type { Database, FileRequestRow, GuestInvitationRow, NodeRow } from '../schema.js';

/** Upload-only links into a folder, the files dropped through them until their owner adopts them, and guest invitations. */
export class FileRequestsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<FileRequestRow | undefined> {
    return this.db.selectFrom('file_requests').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listForOwner(ownerId: string): Promise<FileRequestRow[]> {
    return this.db.selectFrom('file_requests').selectAll().where('owner_id', '=', ownerId).orderBy('created_at').execute();
  }

  async insert(row: FileRequestRow): Promise<void> {
    await this.db.insertInto('file_requests').values(row).execute();
  }

  async revoke(id: string, at: number): Promise<void> {
    await this.db.updateTable('file_requests').set({ revoked_at: at }).where('id', '=', id).execute();
  }

  /** Files dropped for this owner whose key and name are still sealed to the owner's X25519 key, oldest first. */
  listSealedDrops(ownerId: string, only: { parentId?: string; limit?: number } = {}): Promise<NodeRow[]> {
    let query = this.db.selectFrom('nodes').selectAll().where('owner_id', '=', ownerId).where('key_protection', '=', 'sealed');
    if (only.parentId !== undefined) query = query.where('parent_id', '=', only.parentId);
    if (only.limit !== undefined) query = query.limit(only.limit);
    return query.orderBy('created_at').orderBy('id').execute();
  }

  /**
   * Adopts a drop only while it is still sealed, so two requests adopting at once change it once: false when
   * another request got there first. A name taken meanwhile fails on the unique name index (isUniqueViolation).
   */
  async adoptDrop(id: string, changes: Pick<NodeRow, 'key_wrapped' | 'name_sealed' | 'name_hash'>): Promise<boolean> {
    const result = await this.db
      .updateTable('nodes')
      .set({ ...changes, key_protection: 'account' })
      .where('id', '=', id)
      .where('key_protection', '=', 'sealed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  findInvitation(id: string): Promise<GuestInvitationRow | undefined> {
    return this.db.selectFrom('guest_invitations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listInvitations(inviterId: string): Promise<GuestInvitationRow[]> {
    return this.db.selectFrom('guest_invitations').selectAll().where('inviter_id', '=', inviterId).orderBy('created_at').execute();
  }

  async insertInvitation(row: GuestInvitationRow): Promise<void> {
    await this.db.insertInto('guest_invitations').values(row).execute();
  }

  /** Marks an invitation used; false when someone else used it first. */
  async acceptInvitation(id: string, userId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('guest_invitations')
      .set({ accepted_user_id: userId })
      .where('id', '=', id)
      .where('accepted_user_id', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async deleteInvitation(id: string): Promise<void> {
    await this.db.deleteFrom('guest_invitations').where('id', '=', id).execute();
  }
}
