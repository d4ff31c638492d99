import { defineCommand } from '../command.js';
import { formatBytes } from '../format.js';

export const backupCommand = defineCommand({
  name: 'backup',
  summary: 'Back up the database and stored objects into a folder or S3 bucket, encrypted to COFFER_BACKUP_RECIPIENT (run on the server).',
  args: 'TARGET',
  positionals: { min: 1, max: 1 },
  options: {},
  details: [
    'Takes a consistent snapshot while the server keeps serving. Objects already in TARGET are not copied again, so every backup after the first is incremental.',
    'TARGET is a folder or s3://BUCKET/PREFIX?endpoint=URL&region=REGION&forcePathStyle=true; S3 credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the AWS SDK default chain, never from TARGET.',
    'Uses the same settings as `coffer server` (its environment). See docs/backup.md.',
  ],
  examples: [
    'COFFER_BACKUP_RECIPIENT=age1… coffer backup /mnt/backup/coffer',
    "coffer backup 's3://backups/coffer?endpoint=https://s3.example.com&region=eu-1&forcePathStyle=true'",
  ],
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
