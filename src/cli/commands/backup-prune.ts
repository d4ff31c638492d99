import { defineCommand } from '../command.js';
import { formatBytes } from '../format.js';

export const backupPruneCommand = defineCommand({
  name: 'backup prune',
  summary: 'Delete snapshots the keep settings no longer need, partial snapshots, and objects no kept snapshot uses.',
  args: 'TARGET',
  positionals: { min: 1, max: 1 },
  options: {},
  details: [
    'Keeps the newest snapshot of each of the last COFFER_BACKUP_KEEP_DAILY days, COFFER_BACKUP_KEEP_WEEKLY weeks and COFFER_BACKUP_KEEP_MONTHLY months, and always the newest one.',
    'Objects younger than COFFER_GC_GRACE_PERIOD are spared, in case a backup elsewhere is copying them.',
  ],
  examples: ['COFFER_BACKUP_KEEP_DAILY=14 coffer backup prune /mnt/backup/coffer'],
  async run({ out, serverEnv }, { positionals: [targetDir = ''] }) {
    const { loadConfig } = await import('../../config/index.js');
    const { pruneBackups } = await import('../../app/index.js');
    const report = await pruneBackups(loadConfig(serverEnv()), targetDir);
    out.result(
      report,
      `Kept ${report.snapshotsKept.length} snapshot(s), deleted ${report.snapshotsDeleted.length} and ${report.partialSnapshotsCleaned} partial; deleted ${report.objectsDeleted} objects (${formatBytes(report.bytesFreed)}).`,
    );
  },
});
