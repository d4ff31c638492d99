import { defineCommand, type CommandContext } from '../command.js';
import { formatBytes } from '../format.js';
import { identityOption, readIdentityFile, snapshotOption } from './backup-identity.js';

export const backupRestoreCommand = defineCommand({
  name: 'backup restore',
  summary: "Restore a snapshot into the server's empty database and blob folder (run on the server, with the server stopped).",
  args: 'TARGET --identity FILE [--snapshot ID] [--allow-missing]',
  positionals: { min: 1, max: 1 },
  options: {
    ...identityOption,
    ...snapshotOption,
    'allow-missing': { type: 'boolean', description: 'Restore everything else when objects are missing or damaged, and list them.' },
  },
  details: [
    'Restores into the database and blob folder of the settings of `coffer server` (its environment); both must be empty, or nothing is changed.',
    'The export is dialect-neutral: a snapshot of SQLite restores into PostgreSQL (COFFER_DATABASE_URL=postgres://…) and the reverse.',
  ],
  examples: [
    'coffer backup restore /mnt/backup/coffer --identity backup-key.txt',
    'COFFER_DATABASE_URL=postgres://coffer@db/coffer coffer backup restore /mnt/backup/coffer --identity backup-key.txt',
  ],
  run: ({ out, serverEnv }, { values, positionals: [targetDir = ''] }) => restoreSnapshotFrom(out, serverEnv, targetDir, values),
});

/** Shared by `coffer backup restore` and `coffer restore TARGET --identity FILE` (the spelling issue 8 gives). */
export async function restoreSnapshotFrom(
  out: CommandContext['out'],
  serverEnv: CommandContext['serverEnv'],
  targetDir: string,
  values: { readonly identity?: string | undefined; readonly snapshot?: string | undefined; readonly 'allow-missing'?: boolean | undefined },
): Promise<number> {
  const identityFile = await readIdentityFile(values.identity);
  const { loadConfig } = await import('../../config/index.js');
  const { restoreBackup } = await import('../../app/index.js');
  const { describeProblems } = await import('../../app/index.js');
  const report = await restoreBackup(loadConfig(serverEnv()), targetDir, {
    snapshotId: values.snapshot,
    identityFile,
    allowMissing: values['allow-missing'] ?? false,
  });
  const rows = Object.entries(report.rows)
    .map(([table, count]) => `${table} ${count}`)
    .join(', ');
  out.result(report, [
    `Restored snapshot ${report.snapshotId}: ${report.objectsRestored} objects (${formatBytes(report.bytesRestored)}); rows: ${rows}.`,
    ...(report.objectProblems.length > 0
      ? [`${report.objectProblems.length} object(s) could not be restored; these file versions will not open:`, describeProblems(report.objectProblems)]
      : []),
  ]);
  return report.objectProblems.length > 0 ? 7 : 0;
}
