import type { CofferConfig } from '../config/index.js';
import {
  chooseSnapshot,
  listSnapshots,
  parseIdentityFile,
  pruneTarget,
  restoreSnapshot,
  runBackup,
  verifySnapshot,
  type BackupReport,
  type PruneReport,
  type RestoreReport,
  type SnapshotEntry,
  type VerifyReport,
} from '../features/backup/index.js';
import { openFolderBackupTarget } from '../storage/index.js';
import { openBlobStore } from './services.js';
import { packageVersion } from './package-version.js';

/**
 * What `coffer backup …` runs on the server machine: the configured database and blob store on one side,
 * a backup target folder on the other. No HTTP server is needed; backups run while one serves.
 */
export async function backupNow(config: CofferConfig, targetDir: string): Promise<BackupReport> {
  const target = await openFolderBackupTarget(targetDir);
  return runBackup(
    { database: config.database, blobs: await openBlobStore(config), recipient: config.backup.recipient, cofferVersion: packageVersion() },
    target,
  );
}

export async function listBackups(targetDir: string): Promise<SnapshotEntry[]> {
  return listSnapshots(await openFolderBackupTarget(targetDir));
}

export interface SnapshotChoice {
  readonly snapshotId: string | undefined;
  /** The text of an age identity file. */
  readonly identityFile: string;
}

export async function verifyBackup(targetDir: string, choice: SnapshotChoice): Promise<VerifyReport> {
  const identities = parseIdentityFile(choice.identityFile);
  const target = await openFolderBackupTarget(targetDir);
  return verifySnapshot(target, await chooseSnapshot(target, choice.snapshotId), identities);
}

export async function restoreBackup(
  config: CofferConfig,
  targetDir: string,
  choice: SnapshotChoice & { readonly allowMissing: boolean },
): Promise<RestoreReport> {
  const identities = parseIdentityFile(choice.identityFile);
  const target = await openFolderBackupTarget(targetDir);
  const snapshotId = await chooseSnapshot(target, choice.snapshotId);
  return restoreSnapshot({ target, snapshotId, identities, database: config.database, blobs: await openBlobStore(config), allowMissing: choice.allowMissing });
}

export async function pruneBackups(config: CofferConfig, targetDir: string): Promise<PruneReport> {
  return pruneTarget(await openFolderBackupTarget(targetDir), config.backup, config.gcGracePeriodMs);
}
