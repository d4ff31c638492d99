import type { BackupTarget } from '../../storage/index.js';
import { decodeObjectList } from './manifest.js';
import { cleanPartialSnapshots, deleteSnapshot, listSnapshots, type SnapshotEntry } from './snapshot-catalog.js';
import { snapshotFiles } from './snapshot-names.js';

export interface RetentionPolicy {
  readonly keepDaily: number;
  readonly keepWeekly: number;
  readonly keepMonthly: number;
}

const day = (t: number): string => new Date(t).toISOString().slice(0, 10);
const month = (t: number): string => new Date(t).toISOString().slice(0, 7);
/** Weeks counted from Monday 1970-01-05, in UTC. */
const week = (t: number): string => String(Math.floor((t - Date.UTC(1970, 0, 5)) / (7 * 86_400_000)));

/**
 * The snapshots a policy keeps: the newest snapshot of each of the last N days, weeks and months that have one
 * (a snapshot may count for several), plus always the newest snapshot of all.
 */
export function snapshotsToKeep(snapshots: readonly SnapshotEntry[], policy: RetentionPolicy): Set<string> {
  const newestFirst = [...snapshots].sort((a, b) => b.takenAt - a.takenAt);
  const keep = new Set<string>();
  if (newestFirst[0]) keep.add(newestFirst[0].id);
  for (const [limit, bucket] of [
    [policy.keepDaily, day],
    [policy.keepWeekly, week],
    [policy.keepMonthly, month],
  ] as const) {
    const seen = new Set<string>();
    for (const s of newestFirst) {
      if (seen.size >= limit) break;
      const b = bucket(s.takenAt);
      if (seen.has(b)) continue;
      seen.add(b);
      keep.add(s.id);
    }
  }
  return keep;
}

export interface PruneReport {
  readonly snapshotsKept: readonly string[];
  readonly snapshotsDeleted: readonly string[];
  readonly partialSnapshotsCleaned: number;
  readonly objectsDeleted: number;
  readonly bytesFreed: number;
}

/**
 * Applies the policy, then deletes target objects that no kept snapshot lists. Objects younger than
 * `graceMs` are spared: a backup running elsewhere may have copied them and not yet written its list.
 */
export async function pruneTarget(target: BackupTarget, policy: RetentionPolicy, graceMs: number, now = Date.now()): Promise<PruneReport> {
  const partialSnapshotsCleaned = await cleanPartialSnapshots(target);
  const snapshots = await listSnapshots(target);
  const keep = snapshotsToKeep(snapshots, policy);
  const deleted: string[] = [];
  for (const s of snapshots) {
    if (keep.has(s.id)) continue;
    await deleteSnapshot(target, s.id);
    deleted.push(s.id);
  }
  const needed = new Set<string>();
  for (const id of keep) {
    const list = await target.files.get(snapshotFiles.objects(id));
    // A kept snapshot without its list would lose objects to the sweep: stop rather than guess.
    if (!list) throw new Error(`Snapshot ${id} has no object list; not pruning objects.`);
    for (const key of decodeObjectList(list).keys()) needed.add(key);
  }
  let objectsDeleted = 0;
  let bytesFreed = 0;
  for await (const object of target.objects.list()) {
    if (needed.has(object.key) || object.modifiedAt > now - graceMs) continue;
    await target.objects.delete(object.key);
    objectsDeleted += 1;
    bytesFreed += object.size;
  }
  return { snapshotsKept: [...keep].sort(), snapshotsDeleted: deleted, partialSnapshotsCleaned, objectsDeleted, bytesFreed };
}
