import { defineCommand } from '../command.js';
import { findTrashed } from './find-trashed.js';

export const restoreCommand = defineCommand({
  name: 'restore',
  summary: 'Restore an item from the trash to where it was, by its id or the name `coffer trash` shows.',
  args: 'ID_OR_NAME',
  positionals: { min: 1, max: 1 },
  options: {
    name: { type: 'string', value: 'NEW_NAME', description: 'Restore under another name (when the old one is taken now).' },
  },
  examples: ['coffer restore report.pdf', 'coffer restore report.pdf --name report-old.pdf'],
  async run({ out, connect }, { values, positionals: [idOrName = ''] }) {
    const client = await connect();
    const item = await findTrashed(client, idOrName);
    const restored = await client.restoreNode(item.id, values.name === undefined ? undefined : { name: values.name });
    out.result(restored, `Restored ${restored.name}.`);
  },
});
