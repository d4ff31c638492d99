import type { Insertable, Kysely } from 'kysely';
import type { Database, DavLockRow, DavLocksTable } from '../schema.js';

/** WebDAV locks and sealed dead properties. */
export class DavRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Unexpired locks rooted at any of `nodeIds`. */
  activeLocksOn(nodeIds: readonly string[], now: number): Promise<DavLockRow[]> {
    if (nodeIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('dav_locks').selectAll().where('node_id', 'in', nodeIds).where('expires_at', '>', now).execute();
  }

  activeLocksOfUser(ownerId: string, now: number): Promise<DavLockRow[]> {
    return this.db.selectFrom('dav_locks').selectAll().where('owner_id', '=', ownerId).where('expires_at', '>', now).execute();
  }

  findLock(token: string): Promise<DavLockRow | undefined> {
    return this.db.selectFrom('dav_locks').selectAll().where('token', '=', token).executeTakeFirst();
  }

  async insertLock(lock: Insertable<DavLocksTable>): Promise<void> {
    await this.db.insertInto('dav_locks').values(lock).execute();
  }

  async refreshLock(token: string, timeoutSeconds: number, expiresAt: number): Promise<void> {
    await this.db.updateTable('dav_locks').set({ timeout_seconds: timeoutSeconds, expires_at: expiresAt }).where('token', '=', token).execute();
  }

  async deleteLock(token: string): Promise<void> {
    await this.db.deleteFrom('dav_locks').where('token', '=', token).execute();
  }

  async deleteExpiredLocks(now: number): Promise<void> {
    await this.db.deleteFrom('dav_locks').where('expires_at', '<=', now).execute();
  }

  async deleteLocksOn(nodeId: string): Promise<void> {
    await this.db.deleteFrom('dav_locks').where('node_id', '=', nodeId).execute();
  }

  async findProperties(nodeId: string): Promise<Buffer | undefined> {
    const row = await this.db.selectFrom('dav_properties').select('sealed').where('node_id', '=', nodeId).executeTakeFirst();
    return row?.sealed;
  }

  /** Which of `nodeIds` hold properties, with their sealed values (for a folder listing: one query, not one per item). */
  async findPropertiesOf(nodeIds: readonly string[]): Promise<Map<string, Buffer>> {
    const found = new Map<string, Buffer>();
    for (let i = 0; i < nodeIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('dav_properties')
        .select(['node_id', 'sealed'])
        .where('node_id', 'in', nodeIds.slice(i, i + 500))
        .execute();
      for (const row of rows) found.set(row.node_id, row.sealed);
    }
    return found;
  }

  async saveProperties(nodeId: string, ownerId: string, sealed: Buffer | null, now: number): Promise<void> {
    await this.db.deleteFrom('dav_properties').where('node_id', '=', nodeId).execute();
    if (sealed) await this.db.insertInto('dav_properties').values({ node_id: nodeId, owner_id: ownerId, sealed, updated_at: now }).execute();
  }
}
