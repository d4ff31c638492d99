import type { CofferConfig } from '../config/index.js';
import {
  BackupError,
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
import { openBackupTarget, type BackupTarget, type BlobStore } from '../storage/index.js';
import { openStorage } from './open-storage.js';
import { readServerKeyFiles, writeServerKeyFile } from './server-key-files.js';
import { packageVersion } from './package-version.js';

/**
 * What `coffer backup …` runs on the server machine: the configured database and blob store on one side,
 * a backup target (a folder or an `s3://` address) on the other. No HTTP server is needed; backups run while one serves.
 */
export async function backupNow(config: CofferConfig, targetDir: string): Promise<BackupReport> {
  return withTarget(targetDir, async (target) => {
    // The same backends the server uses (one folder, S3, or the replicas), so the backup reads what downloads read.
    const storage = await openStorage(config);
    try {
      refuseOwnStorage(target, storage.replicas);
      const serverKeys = await readServerKeyFiles(config);
      return await runBackup(
        { database: config.database, blobs: storage.blobs, recipient: config.backup.recipient, cofferVersion: packageVersion(), serverKeys },
        target,
      );
    } finally {
      await storage.close();
    }
  });
}

/** Opens the target, runs `use`, and releases the target's connections. */
async function withTarget<T>(location: string, use: (target: BackupTarget) => Promise<T>): Promise<T> {
  const target = await openBackupTarget(location);
  try {
    return await use(target);
  } finally {
    target.close?.();
  }
}

export async function listBackups(targetDir: string): Promise<SnapshotEntry[]> {
  return withTarget(targetDir, listSnapshots);
}

export interface SnapshotChoice {
  readonly snapshotId: string | undefined;
  /** The text of an age identity file. */
  readonly identityFile: string;
}

export async function verifyBackup(targetDir: string, choice: SnapshotChoice): Promise<VerifyReport> {
  const identities = parseIdentityFile(choice.identityFile);
  return withTarget(targetDir, async (target) => verifySnapshot(target, await chooseSnapshot(target, choice.snapshotId), identities));
}

export async function restoreBackup(
  config: CofferConfig,
  targetDir: string,
  choice: SnapshotChoice & { readonly allowMissing: boolean },
): Promise<RestoreReport> {
  const identities = parseIdentityFile(choice.identityFile);
  return withTarget(targetDir, async (target) => {
    const snapshotId = await chooseSnapshot(target, choice.snapshotId);
    const storage = await openStorage(config);
    try {
      return await restoreSnapshot({
        target,
        snapshotId,
        identities,
        database: config.database,
        blobs: storage.blobs,
        allowMissing: choice.allowMissing,
        restoreServerKey: (role, bytes) => writeServerKeyFile(config, role, bytes),
      });
    } finally {
      await storage.close();
    }
  });
}

export async function pruneBackups(config: CofferConfig, targetDir: string): Promise<PruneReport> {
  return withTarget(targetDir, async (target) => {
    const storage = await openStorage(config);
    try {
      refuseOwnStorage(target, storage.replicas);
    } finally {
      await storage.close();
    }
    return pruneTarget(target, config.backup, config.gcGracePeriodMs);
  });
}

/** Pruning a target that is the server's own storage would delete live objects no snapshot lists: never back up into it. */
function refuseOwnStorage(target: BackupTarget, replicas: readonly BlobStore[]): void {
  if (replicas.some((r) => r.description === target.objects.description)) {
    throw new BackupError(
      'backup.target_is_storage',
      `${target.description} is where this server stores its objects; back up to another folder, bucket or prefix.`,
    );
  }
}
