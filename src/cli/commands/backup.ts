import { defineCommand } from '../command.js';
import { formatBytes } from '../format.js';

export const backupCommand = defineCommand({
  name: 'backup',
  summary: 'Back up the database and stored objects into a folder, encrypted to COFFER_BACKUP_RECIPIENT (run on the server).',
  args: 'TARGET',
  positionals: { min: 1, max: 1 },
  options: {},
  details: [
    'Takes a consistent snapshot while the server keeps serving. Objects already in TARGET are not copied again, so every backup after the first is incremental.',
    'Uses the same settings as `coffer server` (its environment). See docs/backup.md.',
  ],
  examples: ['COFFER_BACKUP_RECIPIENT=age1… coffer backup /mnt/backup/coffer'],
  async run({ out, serverEnv }, { positionals: [targetDir = ''] }) {
    const { loadConfig } = await import('../../config/index.js');
    const { backupNow } = await import('../../app/index.js');
    const report = await backupNow(loadConfig(serverEnv()), targetDir);
    out.result(report, [
      `Snapshot ${report.snapshotId}: ${report.objects} objects (${formatBytes(report.objectBytes)}), ${report.objectsCopied} new (${formatBytes(report.bytesCopied)}), database export ${formatBytes(report.databaseBytes)}.`,
      ...(report.partialSnapshotsCleaned > 0 ? [`Cleaned ${report.partialSnapshotsCleaned} partial snapshot(s) an interrupted backup left.`] : []),
    ]);
  },
});
