import type { Kysely } from 'kysely';
import { nodeListingColumns, type Database, type NewNode, type NodeListingRow, type NodeRow, type NodesTable } from '../schema.js';
import type { Updateable } from 'kysely';

export class NodesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<NodeRow | undefined> {
    return this.db.selectFrom('nodes').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Live (untrashed) children of a folder. Names are sealed, so ordering happens after decryption. */
  listChildren(parentId: string): Promise<NodeRow[]> {
    return this.db.selectFrom('nodes').selectAll().where('parent_id', '=', parentId).where('trashed_at', 'is', null).execute();
  }

  /** listChildren with only what a listing shows: a large folder's listing is mostly these rows' memory. */
  listChildrenForListing(parentId: string): Promise<NodeListingRow[]> {
    return this.db.selectFrom('nodes').select(nodeListingColumns).where('parent_id', '=', parentId).where('trashed_at', 'is', null).execute();
  }

  /** Every child, trashed or not: for purging and copying whole subtrees. */
  listAllChildren(parentId: string): Promise<NodeRow[]> {
    return this.db.selectFrom('nodes').selectAll().where('parent_id', '=', parentId).execute();
  }

  /** Every untrashed node an owner has, at most `limit`: a drive-wide search walks them from the root. */
  listLiveByOwner(ownerId: string, limit: number): Promise<NodeRow[]> {
    return this.db.selectFrom('nodes').selectAll().where('owner_id', '=', ownerId).where('trashed_at', 'is', null).limit(limit).execute();
  }

  findLiveChildByNameHash(parentId: string, nameHash: Buffer): Promise<NodeRow | undefined> {
    return this.db
      .selectFrom('nodes')
      .selectAll()
      .where('parent_id', '=', parentId)
      .where('name_hash', '=', nameHash)
      .where('trashed_at', 'is', null)
      .executeTakeFirst();
  }

  listTrashed(ownerId: string): Promise<NodeRow[]> {
    return this.db.selectFrom('nodes').selectAll().where('owner_id', '=', ownerId).where('trashed_at', 'is not', null).orderBy('trashed_at', 'desc').execute();
  }

  listTrashedBefore(cutoff: number, limit: number): Promise<NodeRow[]> {
    return this.db.selectFrom('nodes').selectAll().where('trashed_at', '<=', cutoff).limit(limit).execute();
  }

  async insert(node: NewNode): Promise<void> {
    await this.db.insertInto('nodes').values(node).execute();
  }

  async update(id: string, changes: Updateable<NodesTable>): Promise<void> {
    await this.db.updateTable('nodes').set(changes).where('id', '=', id).execute();
  }

  async deleteMany(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('nodes').where('id', 'in', ids).execute();
  }

  /** Every node of an owner in one statement (parent links inside the set are checked at its end). */
  async deleteAllOf(ownerId: string): Promise<void> {
    await this.db.deleteFrom('nodes').where('owner_id', '=', ownerId).execute();
  }
}
