import { defineCommand } from '../command.js';
import { formatBytes } from '../format.js';

export const whoamiCommand = defineCommand({
  name: 'whoami',
  summary: 'Show the signed-in account, its server and its storage use.',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {},
  examples: ['coffer whoami', 'coffer whoami --json'],
  async run({ out, connect }) {
    const client = await connect();
    const user = await client.me();
    const quota = user.quotaBytes === 0 ? '(no quota)' : `of ${formatBytes(user.quotaBytes)}`;
    out.result({ server: client.baseUrl, user }, [`${user.email} (${user.role}) on ${client.baseUrl}`, `${formatBytes(user.usedBytes)} used ${quota}`]);
  },
});
