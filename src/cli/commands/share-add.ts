import { defineCommand } from '../command.js';
import { resolveRemote } from '../remote-nodes.js';
import { parseExpiry } from './sharing-options.js';

export const shareAddCommand = defineCommand({
  name: 'share add',
  summary: 'Share a file or folder with another account.',
  args: 'REMOTE_PATH EMAIL',
  positionals: { min: 2, max: 2 },
  options: {
    write: { type: 'boolean', short: 'w', description: 'Let them add files and versions (read-only without it).' },
    expires: { type: 'string', description: 'When access ends: a duration (30m, 12h, 7d) or an ISO 8601 time.' },
  },
  examples: ['coffer share add /Reports/2025 bob@example.com', 'coffer share add /Shared/inbox carol@example.com --write --expires 7d'],
  async run({ out, connect }, { values, positionals: [path = '', email = ''] }) {
    const client = await connect();
    const node = await resolveRemote(client, path);
    const share = await client.sharing.createShare({
      nodeId: node.id,
      recipientEmail: email,
      permission: values.write ? 'write' : 'read',
      expiresAt: parseExpiry(values.expires),
    });
    out.result(share, `Shared ${node.name} with ${share.recipientEmail} (${share.permission}); share id ${share.id}`);
  },
});
