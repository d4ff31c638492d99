import type { Insertable, Kysely } from 'kysely';
import type { Database, UploadRow, UploadsTable } from '../schema.js';
import type { StoredObjectRef } from './versions.repository.js';

/** Where an upload stands after a request: what changed since `expectedOffset`. */
export interface UploadProgress {
  readonly offset: number;
  readonly stagingKey: string | null;
  readonly tailSealed: Buffer | null;
  readonly expiresAt: number;
  /** Objects completed since the last saved progress, appended after the stored ones. */
  readonly newObjects: readonly StoredObjectRef[];
}

export class UploadsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<UploadRow | undefined> {
    return this.db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(upload: Insertable<UploadsTable>): Promise<void> {
    await this.db.insertInto('uploads').values(upload).execute();
  }

  async objects(uploadId: string): Promise<StoredObjectRef[]> {
    const rows = await this.db.selectFrom('upload_objects').select(['object_key', 'size']).where('upload_id', '=', uploadId).orderBy('idx').execute();
    return rows.map((r) => ({ key: r.object_key, size: r.size }));
  }

  /**
   * Saves progress only if nobody else moved the upload since `expectedOffset` was read (compare-and-set),
   * so two servers or two requests can never both append. Returns false when the offset had moved.
   */
  async saveProgress(id: string, expectedOffset: number, firstIndex: number, progress: UploadProgress): Promise<boolean> {
    const result = await this.db
      .updateTable('uploads')
      .set({ upload_offset: progress.offset, staging_key: progress.stagingKey, tail_sealed: progress.tailSealed, expires_at: progress.expiresAt })
      .where('id', '=', id)
      .where('upload_offset', '=', expectedOffset)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    for (let start = 0; start < progress.newObjects.length; start += 200) {
      const rows = progress.newObjects
        .slice(start, start + 200)
        .map((o, i) => ({ upload_id: id, idx: firstIndex + start + i, object_key: o.key, size: o.size }));
      await this.db.insertInto('upload_objects').values(rows).execute();
    }
    return true;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('upload_objects').where('upload_id', '=', id).execute();
    await this.db.deleteFrom('uploads').where('id', '=', id).execute();
  }

  /** Bytes that the owner's other unfinished uploads have declared: counted against the quota up front. */
  async pendingBytes(ownerId: string, now: number): Promise<number> {
    const row = await this.db
      .selectFrom('uploads')
      .select((eb) => eb.fn.sum<number | string | null>('upload_length').as('n'))
      .where('owner_id', '=', ownerId)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  listExpired(now: number, limit: number): Promise<UploadRow[]> {
    return this.db.selectFrom('uploads').selectAll().where('expires_at', '<=', now).orderBy('expires_at').limit(limit).execute();
  }

  /** Which of `keys` an unfinished upload still holds (finished objects or the staging blob). */
  async referencedObjects(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const objects = await this.db.selectFrom('upload_objects').select('object_key').distinct().where('object_key', 'in', keys).execute();
    const staging = await this.db.selectFrom('uploads').select('staging_key').where('staging_key', 'in', keys).execute();
    return new Set([...objects.map((r) => r.object_key), ...staging.map((r) => r.staging_key as string)]);
  }
}
