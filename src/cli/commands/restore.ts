import { UsageError } from '../cli-error.js';
import { defineCommand } from '../command.js';
import { identityOption, snapshotOption } from './backup-identity.js';
import { restoreSnapshotFrom } from './backup-restore.js';
import { findTrashed } from './find-trashed.js';

/**
 * Two restores share the word: an item from the trash (the everyday one), and, with `--identity`, a backup snapshot
 * into an empty server (`coffer backup restore`). The identity file is what tells them apart: a snapshot cannot be
 * opened without it, and the trash never needs it.
 */
export const restoreCommand = defineCommand({
  name: 'restore',
  summary: 'Restore an item from the trash to where it was; with --identity, restore a backup snapshot (as `coffer backup restore`).',
  args: 'ID_OR_NAME | TARGET --identity FILE [--snapshot ID] [--allow-missing]',
  positionals: { min: 1, max: 1 },
  options: {
    name: { type: 'string', value: 'NEW_NAME', description: 'Restore under another name (when the old one is taken now).' },
    ...identityOption,
    ...snapshotOption,
    'allow-missing': { type: 'boolean', description: 'With --identity: restore everything else when objects are missing or damaged, and list them.' },
  },
  examples: ['coffer restore report.pdf', 'coffer restore report.pdf --name report-old.pdf', 'coffer restore /mnt/backup/coffer --identity backup-key.txt'],
  async run({ out, connect, serverEnv }, { values, positionals: [idOrName = ''] }) {
    if (values.identity !== undefined) {
      if (values.name !== undefined) throw new UsageError('--name restores a trashed item; --identity restores a backup. Give one of them.');
      return restoreSnapshotFrom(out, serverEnv, idOrName, values);
    }
    if (values.snapshot !== undefined || values['allow-missing']) throw new UsageError('--snapshot and --allow-missing restore a backup: add --identity FILE.');
    const client = await connect();
    const item = await findTrashed(client, idOrName);
    const restored = await client.restoreNode(item.id, values.name === undefined ? undefined : { name: values.name });
    out.result(restored, `Restored ${restored.name}.`);
    return 0;
  },
});
