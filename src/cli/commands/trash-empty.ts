import { defineCommand } from '../command.js';
import { plural } from '../format.js';

export const trashEmptyCommand = defineCommand({
  name: 'trash empty',
  summary: 'Delete everything in the trash forever.',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {},
  examples: ['coffer trash empty'],
  async run({ out, connect }) {
    const { purged } = await (await connect()).emptyTrash();
    out.result({ purged }, `Deleted ${plural(purged, 'item')} forever.`);
  },
});
