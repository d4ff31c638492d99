import type { Store } from '../../db/index.js';
import type { BlobStore } from '../../storage/index.js';
import type { SessionsService } from '../auth/index.js';
import { purgeSubtree } from '../files/index.js';

export interface GarbageCollectorOptions {
  /** Objects younger than this are never collected: an upload may still be about to commit them. */
  readonly gracePeriodMs: number;
  /** Items in the trash longer than this are purged; 0 keeps them forever. */
  readonly trashRetentionMs: number;
}

export interface CollectionReport {
  readonly objectsDeleted: number;
  readonly sessionsDeleted: number;
  readonly trashPurged: number;
}

/** Reclaims what nothing references any more: orphaned objects, expired sessions, old trash. */
export class GarbageCollector {
  constructor(
    private readonly store: Store,
    private readonly blobs: BlobStore,
    private readonly sessions: SessionsService,
    private readonly options: GarbageCollectorOptions,
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
    let objectsDeleted = 0;
    for (;;) {
      const keys = await this.store.repos.objects.findUnreferenced(now - this.options.gracePeriodMs, 500);
      if (keys.length === 0) break;
      for (const key of keys) {
        await this.blobs.delete(key);
        await this.store.repos.objects.delete(key);
      }
      objectsDeleted += keys.length;
    }
    return { objectsDeleted, sessionsDeleted, trashPurged };
  }
}
