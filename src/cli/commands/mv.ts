import { defineCommand } from '../command.js';
import { destinationFor, resolveRemote } from '../remote-nodes.js';
import { formatRemotePath, parseRemotePath } from '../remote-path.js';

export const mvCommand = defineCommand({
  name: 'mv',
  summary: 'Move or rename a remote file or folder.',
  args: 'SRC DST',
  positionals: { min: 2, max: 2 },
  options: {},
  details: ["When DST is an existing folder, SRC moves into it and keeps its name; otherwise SRC moves to DST's folder under DST's name."],
  examples: ['coffer mv /notes.txt /Documents', 'coffer mv /Documents/draft.txt /Documents/final.txt'],
  async run({ out, connect }, { positionals: [src = '', dst = ''] }) {
    const client = await connect();
    const sourcePath = formatRemotePath(parseRemotePath(src).segments);
    const source = await resolveRemote(client, src);
    const { parent, name, path } = await destinationFor(client, parseRemotePath(dst), source.name);
    const change = { parentId: parent.id !== source.parentId ? parent.id : undefined, name: name !== source.name ? name : undefined };
    if (change.parentId === undefined && change.name === undefined) {
      out.result(source, `${sourcePath} is already there.`);
      return;
    }
    const moved = await client.updateNode(source.id, change);
    out.result(moved, `Moved ${sourcePath} → ${formatRemotePath(path)}`);
  },
});
