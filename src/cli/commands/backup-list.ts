import { defineCommand } from '../command.js';
import { formatTable } from '../format.js';

export const backupListCommand = defineCommand({
  name: 'backup list',
  summary: 'List the complete snapshots in a backup target, oldest first.',
  args: 'TARGET',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer backup list /mnt/backup/coffer'],
  async run({ out }, { positionals: [targetDir = ''] }) {
    const { listBackups } = await import('../../app/index.js');
    const snapshots = (await listBackups(targetDir)).map((s) => ({ id: s.id, takenAt: new Date(s.takenAt).toISOString() }));
    out.result(
      snapshots,
      snapshots.length === 0
        ? 'No snapshots.'
        : formatTable(
            ['ID', 'TAKEN'],
            snapshots.map((s) => [s.id, s.takenAt]),
          ),
    );
  },
});
