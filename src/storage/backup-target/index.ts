import path from 'node:path';
import { LocalFolderBlobStore } from '../local-folder-blob-store.js';
import type { BackupTarget } from './backup-target.js';
import { LocalFolderSnapshotFiles } from './local-folder-snapshot-files.js';

export * from './backup-target.js';
export { LocalFolderSnapshotFiles } from './local-folder-snapshot-files.js';

/** A folder target: `<dir>/objects/…` (the same layout as the server's blob folder) and `<dir>/snapshots/`. */
export async function openFolderBackupTarget(dir: string): Promise<BackupTarget> {
  const root = path.resolve(dir);
  return {
    description: `folder:${root}`,
    objects: await LocalFolderBlobStore.open(root),
    files: await LocalFolderSnapshotFiles.open(path.join(root, 'snapshots')),
  };
}
