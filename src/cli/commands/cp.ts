import { defineCommand } from '../command.js';
import { destinationFor, resolveRemote } from '../remote-nodes.js';
import { formatRemotePath, parseRemotePath } from '../remote-path.js';

export const cpCommand = defineCommand({
  name: 'cp',
  summary: 'Copy a remote file (its current version) or a folder with everything in it.',
  args: 'SRC DST',
  positionals: { min: 2, max: 2 },
  options: {},
  details: ["When DST is an existing folder, the copy goes into it under SRC's name; otherwise into DST's folder under DST's name."],
  examples: ['coffer cp /Documents/report.pdf /Archive', 'coffer cp /Documents /Documents-backup'],
  async run({ out, connect }, { positionals: [src = '', dst = ''] }) {
    const client = await connect();
    const source = await resolveRemote(client, src);
    const { parent, name, path } = await destinationFor(client, parseRemotePath(dst), source.name);
    const copy = await client.copyNode(source.id, { parentId: parent.id, name: name !== source.name ? name : undefined });
    out.result(copy, `Copied ${formatRemotePath(parseRemotePath(src).segments)} → ${formatRemotePath(path)}`);
  },
});
