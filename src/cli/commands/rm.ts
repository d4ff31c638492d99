import type { NodeDto } from '../../sdk/index.js';
import { defineCommand } from '../command.js';
import { resolveRemote } from '../remote-nodes.js';
import { formatRemotePath, parseRemotePath } from '../remote-path.js';

export const rmCommand = defineCommand({
  name: 'rm',
  summary: 'Move remote files or folders to the trash (see `coffer trash` and `coffer restore`).',
  args: 'REMOTE_PATH...',
  positionals: { min: 1, max: Infinity },
  options: {},
  examples: ['coffer rm /Documents/old.txt', 'coffer rm /a.txt /b.txt /Drafts'],
  async run({ out, connect }, { positionals }) {
    const client = await connect();
    const trashed: NodeDto[] = [];
    for (const input of positionals) {
      const node = await client.trashNode((await resolveRemote(client, input)).id);
      trashed.push(node);
      out.line(`Moved ${formatRemotePath(parseRemotePath(input).segments)} to the trash.`);
    }
    out.result(trashed, []);
  },
});
