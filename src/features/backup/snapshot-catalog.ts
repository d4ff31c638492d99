import type { BackupTarget } from '../../storage/index.js';
import { isSnapshotId, snapshotFiles, snapshotOfFile, snapshotTime } from './snapshot-names.js';

export interface SnapshotEntry {
  readonly id: string;
  readonly takenAt: number;
}

/** Complete snapshots (those with a manifest), oldest first. Needs no key: ids carry their time. */
export async function listSnapshots(target: BackupTarget): Promise<SnapshotEntry[]> {
  const names = await target.files.list();
  return names
    .filter((n) => n.endsWith('.manifest.age'))
    .map((n) => n.slice(0, -'.manifest.age'.length))
    .filter(isSnapshotId)
    .sort()
    .map((id) => ({ id, takenAt: snapshotTime(id) }));
}

/**
 * Deletes the files of snapshots that never got their manifest (an interrupted or failed backup) and staged
 * `.part` files. Objects they copied stay: they are valid content, and the next backup reuses them or prune drops them.
 */
export async function cleanPartialSnapshots(target: BackupTarget): Promise<number> {
  const names = await target.files.list();
  const complete = new Set((await listSnapshots(target)).map((s) => s.id));
  const partial = new Set<string>();
  for (const name of names) {
    const id = snapshotOfFile(name);
    if (id === undefined) continue;
    if (!complete.has(id)) {
      partial.add(id);
      await target.files.delete(name);
    } else if (name.endsWith('.part')) await target.files.delete(name);
  }
  return partial.size;
}

export async function deleteSnapshot(target: BackupTarget, id: string): Promise<void> {
  // The manifest goes first: from then on the rest is an ordinary partial snapshot if this is interrupted.
  await target.files.delete(snapshotFiles.manifest(id));
  await target.files.delete(snapshotFiles.database(id));
  await target.files.delete(snapshotFiles.objects(id));
  await target.files.delete(snapshotFiles.keys(id));
}
