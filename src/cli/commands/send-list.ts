import { defineCommand } from '../command.js';
import { formatTable } from '../format.js';
import { resolveRemote } from '../remote-nodes.js';
import { orDash } from './sharing-options.js';

export const sendListCommand = defineCommand({
  name: 'send list',
  summary: 'Your deliveries by email, newest first, optionally for one file or folder.',
  args: '[REMOTE_PATH]',
  positionals: { min: 0, max: 1 },
  options: {},
  examples: ['coffer send list', 'coffer send list /Reports/results.pdf --json'],
  async run({ out, connect }, { positionals: [path] }) {
    const client = await connect();
    const nodeId = path === undefined ? undefined : (await resolveRemote(client, path)).id;
    const { deliveries } = await client.sharing.listDeliveries(nodeId ? { nodeId } : {});
    const rows = deliveries.map((d) => [
      d.id,
      d.nodeType,
      d.revokedAt ? 'revoked' : 'active',
      `${d.recipients.filter((r) => r.downloadedAt).length}/${d.recipients.length}`,
      orDash(d.expiresAt),
      d.createdAt,
    ]);
    out.result(deliveries, deliveries.length ? formatTable(['DELIVERY ID', 'TYPE', 'STATE', 'DOWNLOADED', 'EXPIRES', 'SENT'], rows) : 'No deliveries.');
  },
});
