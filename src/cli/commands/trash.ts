import { defineCommand } from '../command.js';
import { formatBytes, formatTable, formatTime } from '../format.js';

export const trashCommand = defineCommand({
  name: 'trash',
  summary: 'List what is in the trash (see also `trash empty`, `trash purge` and `restore`).',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {},
  examples: ['coffer trash', 'coffer trash --json'],
  async run({ out, connect }) {
    const { items } = await (await connect()).listTrash();
    if (items.length === 0) out.note('The trash is empty.');
    const rows = items.map((i) => [i.name, i.type, i.type === 'folder' ? '-' : formatBytes(i.size), i.trashedAt ? formatTime(i.trashedAt) : '', i.id]);
    out.result(items, items.length === 0 ? [] : formatTable(['NAME', 'TYPE', 'SIZE', 'TRASHED', 'ID'], rows, [false, false, true, false, false]));
  },
});
