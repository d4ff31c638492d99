import type { Kysely } from 'kysely';
import type { Database, FileRequestRow, NodeRow } from '../schema.js';

/** Upload-only links into a folder, and the files dropped through them until their owner adopts them. */
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

  /** Files dropped for this owner whose key and name are still sealed to the owner's X25519 key. */
  listSealedDrops(ownerId: string): Promise<NodeRow[]> {
    return this.db.selectFrom('nodes').selectAll().where('owner_id', '=', ownerId).where('key_protection', '=', 'sealed').execute();
  }
}
