import { defineCommand } from '../command.js';

export const shareLeaveCommand = defineCommand({
  name: 'share leave',
  summary: 'Leave something shared with you.',
  args: 'SHARE_ID',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer share leave 01hx3…'],
  async run({ out, connect }, { positionals: [id = ''] }) {
    await (await connect()).sharing.leaveShare(id);
    out.result({ left: id }, `Left share ${id}`);
  },
});
