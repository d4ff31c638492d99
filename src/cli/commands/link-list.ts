import { defineCommand } from '../command.js';
import { formatTable } from '../format.js';
import { resolveRemote } from '../remote-nodes.js';
import { orDash } from './sharing-options.js';

export const linkListCommand = defineCommand({
  name: 'link list',
  summary: 'Your public links, optionally for one file or folder.',
  args: '[REMOTE_PATH]',
  positionals: { min: 0, max: 1 },
  options: {},
  examples: ['coffer link list', 'coffer link list /Photos/Summer --json'],
  async run({ out, connect }, { positionals: [path] }) {
    const client = await connect();
    const nodeId = path === undefined ? undefined : (await resolveRemote(client, path)).id;
    const { links } = await client.sharing.listLinks(nodeId ? { nodeId } : {});
    const rows = links.map((l) => [
      l.id,
      l.nodeType,
      l.revokedAt ? 'revoked' : 'active',
      `${l.downloadCount}${l.maxDownloads === null ? '' : `/${l.maxDownloads}`}`,
      orDash(l.expiresAt),
      l.hasPassword ? 'yes' : 'no',
    ]);
    out.result(links, links.length ? formatTable(['LINK ID', 'TYPE', 'STATE', 'DOWNLOADS', 'EXPIRES', 'PASSWORD'], rows) : 'No links.');
  },
});
