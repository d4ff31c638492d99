import { defineCommand } from '../command.js';
import { findTrashed } from './find-trashed.js';

export const trashPurgeCommand = defineCommand({
  name: 'trash purge',
  summary: 'Delete one item in the trash forever, by its id or the name `coffer trash` shows.',
  args: 'ID_OR_NAME',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer trash purge old.txt', 'coffer trash purge 01hzy3k4m5n6p7q8r9s0t1v2w3'],
  async run({ out, connect }, { positionals: [idOrName = ''] }) {
    const client = await connect();
    const item = await findTrashed(client, idOrName);
    await client.purgeNode(item.id);
    out.result({ purged: item }, `Deleted ${item.name} forever.`);
  },
});
