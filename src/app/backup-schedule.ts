import type { CofferConfig } from '../config/index.js';
import { pruneTarget, runBackup } from '../features/backup/index.js';
import { readServerKeyFiles } from './server-key-files.js';
import { openBackupTarget, type BlobStore } from '../storage/index.js';
import { packageVersion } from './package-version.js';

interface Log {
  info(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * Scheduled backups (COFFER_BACKUP_TARGET): a backup every interval, then pruning by the keep settings.
 * Runs never overlap on one instance, and `claim` gives each interval's run to one instance of those sharing the
 * database (scheduled-run-claim.ts); a failed run is logged and the next one cleans what it left. Returns a stop
 * function that waits for a run in progress.
 */
export function scheduleBackups(config: CofferConfig, blobs: BlobStore, log: Log, claim: () => Promise<boolean>): () => Promise<void> {
  const targetDir = config.backup.target;
  if (!targetDir) return async () => undefined;
  let running: Promise<void> | undefined;
  const runOnce = async (): Promise<void> => {
    if (!(await claim())) return;
    const target = await openBackupTarget(targetDir);
    try {
      const serverKeys = await readServerKeyFiles(config);
      const report = await runBackup(
        { database: config.database, blobs, recipient: config.backup.recipient, cofferVersion: packageVersion(), serverKeys },
        target,
      );
      log.info({ ...report }, 'backup finished');
      const pruned = await pruneTarget(target, config.backup, config.gcGracePeriodMs);
      log.info(
        { snapshotsDeleted: pruned.snapshotsDeleted.length, objectsDeleted: pruned.objectsDeleted, bytesFreed: pruned.bytesFreed },
        'backup pruning finished',
      );
    } finally {
      target.close?.();
    }
  };
  const timer = setInterval(() => {
    if (running) return;
    running = runOnce()
      .catch((err: unknown) => log.error({ err }, 'scheduled backup failed'))
      .finally(() => {
        running = undefined;
      });
  }, config.backup.intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
