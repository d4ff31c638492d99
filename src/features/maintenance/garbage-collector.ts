import type { Store } from '../../db/index.js';
import type { BlobStore } from '../../storage/index.js';
import type { SessionsService } from '../auth/index.js';
import { purgeSubtree } from '../files/index.js';
import type { TusUploadService } from '../uploads/index.js';

export interface GarbageCollectorOptions {
  /** Objects written more recently than this are never collected: an upload may still be about to commit them. */
  readonly gracePeriodMs: number;
  /** Items in the trash longer than this are purged; 0 keeps them forever. */
  readonly trashRetentionMs: number;
}

export interface CollectionReport {
  readonly objectsDeleted: number;
  readonly sessionsDeleted: number;
  readonly trashPurged: number;
  readonly tempFilesDeleted: number;
  readonly uploadsExpired: number;
}

/** Reclaims what nothing references any more: orphaned objects, staged writes of crashed puts, expired sessions, old trash. */
export class GarbageCollector {
  constructor(
    private readonly store: Store,
    private readonly blobs: BlobStore,
    private readonly sessions: SessionsService,
    private readonly options: GarbageCollectorOptions,
    private readonly uploads?: TusUploadService,
  ) {}

  async run(now = Date.now()): Promise<CollectionReport> {
    const sessionsDeleted = await this.sessions.purgeExpired(now);
    let trashPurged = 0;
    if (this.options.trashRetentionMs > 0) {
      for (;;) {
        const batch = await this.store.repos.nodes.listTrashedBefore(now - this.options.trashRetentionMs, 100);
        if (batch.length === 0) break;
        for (const node of batch) await purgeSubtree(this.store, node.id);
        trashPurged += batch.length;
      }
    }
    // Expired resumable uploads give up their objects and staging blobs at once; live ones keep them below.
    const uploadsExpired = (await this.uploads?.expire(now)) ?? 0;
    const objectsDeleted = await this.collectObjects(now - this.options.gracePeriodMs);
    // Writes interrupted by a crash leave staged temp files that no listing of objects shows.
    const tempFilesDeleted = (await this.blobs.cleanStaleTempFiles?.(this.options.gracePeriodMs)) ?? 0;
    return { objectsDeleted, sessionsDeleted, trashPurged, tempFilesDeleted, uploadsExpired };
  }

  /**
   * Walks the blob store and deletes every object that no version uses and that was written before
   * `cutoff`. Uploads in progress write objects before they commit, so younger objects are spared;
   * an object orphaned by a crash, or by a purge whose deletes failed, is found here sooner or later.
   */
  private async collectObjects(cutoff: number): Promise<number> {
    let deleted = 0;
    let batch: string[] = [];
    const sweep = async (): Promise<void> => {
      const stillUsed = await this.store.repos.versions.referencedObjects(batch);
      // An unfinished upload may be idle for longer than the grace period: its row keeps its objects alive.
      const heldByUploads = await this.store.repos.uploads.referencedObjects(batch);
      for (const key of batch) {
        if (stillUsed.has(key) || heldByUploads.has(key)) continue;
        await this.blobs.delete(key);
        deleted += 1;
      }
      batch = [];
    };
    for await (const object of this.blobs.list()) {
      if (object.modifiedAt >= cutoff) continue;
      batch.push(object.key);
      if (batch.length === 500) await sweep();
    }
    await sweep();
    return deleted;
  }
}
