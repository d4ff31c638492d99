import { defineCommand } from '../command.js';
import { formatBytes, formatTable } from '../format.js';

export const userListCommand = defineCommand({
  name: 'user list',
  summary: 'List accounts (administrators only).',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {},
  examples: ['coffer user list', 'coffer user list --json'],
  async run({ out, connect }) {
    const { users } = await (await connect()).listUsers();
    const rows = users.map((u) => [u.email, u.role, u.status, formatBytes(u.usedBytes), u.quotaBytes === 0 ? 'unlimited' : formatBytes(u.quotaBytes), u.id]);
    out.result(users, formatTable(['EMAIL', 'ROLE', 'STATUS', 'USED', 'QUOTA', 'ID'], rows, [false, false, false, true, true, false]));
  },
});
