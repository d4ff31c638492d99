import { defineCommand } from '../command.js';
import { formatTable } from '../format.js';
import { resolveRemote } from '../remote-nodes.js';
import { orDash } from './sharing-options.js';

export const shareListCommand = defineCommand({
  name: 'share list',
  summary: 'Who has access to a file or folder.',
  args: 'REMOTE_PATH',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer share list /Reports/2025'],
  async run({ out, connect }, { positionals: [path = ''] }) {
    const client = await connect();
    const { shares } = await client.sharing.listShares((await resolveRemote(client, path)).id);
    const rows = shares.map((s) => [s.recipientEmail, s.permission, orDash(s.expiresAt), s.id]);
    out.result(shares, shares.length ? formatTable(['RECIPIENT', 'PERMISSION', 'EXPIRES', 'SHARE ID'], rows) : 'Not shared with anyone.');
  },
});
