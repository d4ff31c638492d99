import { defineCommand } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { identityOption, readIdentityFile, snapshotOption } from './backup-identity.js';

export const backupVerifyCommand = defineCommand({
  name: 'backup verify',
  summary: 'Check a snapshot without restoring it: manifest, database export, every object against its hash, every Merkle root, the integrity log.',
  args: 'TARGET --identity FILE [--snapshot ID]',
  positionals: { min: 1, max: 1 },
  options: { ...identityOption, ...snapshotOption },
  details: [
    'Problems are named by object key and the file and version ids that use the object, never by file name; integrity log problems by entry index and checkpoint size. Exits with 7 when anything is wrong.',
  ],
  examples: ['coffer backup verify /mnt/backup/coffer --identity backup-key.txt'],
  async run({ out }, { values, positionals: [targetDir = ''] }) {
    const identityFile = await readIdentityFile(values.identity);
    const { verifyBackup } = await import('../../app/index.js');
    const { describeProblems } = await import('../../app/index.js');
    const report = await verifyBackup(targetDir, { snapshotId: values.snapshot, identityFile });
    const lines = [`Snapshot ${report.snapshotId}: checked ${report.objectsChecked} objects and ${report.versionsChecked} versions.`];
    if (report.objectProblems.length > 0) lines.push(describeProblems(report.objectProblems));
    for (const m of report.merkleMismatches) lines.push(`  version ${m.versionId} of file ${m.fileId}: Merkle root does not match its objects`);
    for (const p of report.otherProblems) lines.push(`  ${p}`);
    lines.push(report.ok ? 'The snapshot is intact.' : 'The snapshot is damaged.');
    out.result(report, lines);
    return report.ok ? ExitCode.ok : ExitCode.server;
  },
});
