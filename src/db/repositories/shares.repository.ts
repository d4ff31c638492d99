import type { Kysely, Updateable } from 'kysely';
import type { Database, KeyPinRow, ShareRow, SharesTable } from '../schema.js';

/** Grants to users and the recipient keys each sharer pinned. */
export class SharesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<ShareRow | undefined> {
    return this.db.selectFrom('shares').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findForNodeAndRecipient(nodeId: string, recipientId: string): Promise<ShareRow | undefined> {
    return this.db.selectFrom('shares').selectAll().where('node_id', '=', nodeId).where('recipient_id', '=', recipientId).executeTakeFirst();
  }

  listForNode(nodeId: string): Promise<ShareRow[]> {
    return this.db.selectFrom('shares').selectAll().where('node_id', '=', nodeId).orderBy('created_at').execute();
  }

  listForRecipient(recipientId: string): Promise<ShareRow[]> {
    return this.db.selectFrom('shares').selectAll().where('recipient_id', '=', recipientId).orderBy('created_at').execute();
  }

  async insert(row: ShareRow): Promise<void> {
    await this.db.insertInto('shares').values(row).execute();
  }

  async update(id: string, changes: Updateable<SharesTable>): Promise<void> {
    await this.db.updateTable('shares').set(changes).where('id', '=', id).execute();
  }

  /** Deleting the row destroys the only copy of the key sealed to the recipient. */
  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('shares').where('id', '=', id).execute();
  }

  async deleteForNodes(nodeIds: readonly string[]): Promise<void> {
    if (nodeIds.length === 0) return;
    await this.db.deleteFrom('shares').where('node_id', 'in', nodeIds).execute();
  }

  findPin(pinnerId: string, subjectId: string): Promise<KeyPinRow | undefined> {
    return this.db.selectFrom('key_pins').selectAll().where('pinner_id', '=', pinnerId).where('subject_id', '=', subjectId).executeTakeFirst();
  }

  async insertPin(row: KeyPinRow): Promise<void> {
    await this.db.insertInto('key_pins').values(row).execute();
  }
}
