import { defineCommand } from '../command.js';
import { formatBytes, formatTable, formatTime } from '../format.js';
import { resolveRemote } from '../remote-nodes.js';
import { notAFile } from './not-a-file.js';

export const versionsCommand = defineCommand({
  name: 'versions',
  summary: 'List the versions of a remote file, newest first (see also `versions restore`).',
  args: 'REMOTE_PATH',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer versions /Documents/report.pdf', 'coffer versions /Documents/report.pdf --json'],
  async run({ out, connect }, { positionals: [path = ''] }) {
    const client = await connect();
    const file = await resolveRemote(client, path);
    if (file.type !== 'file') throw notAFile(path);
    const { versions } = await client.listVersions(file.id);
    const rows = versions.map((v) => [String(v.number), formatBytes(v.size), formatTime(v.createdAt), v.current ? 'current' : '']);
    out.result(versions, formatTable(['VERSION', 'SIZE', 'DATE', 'CURRENT'], rows, [true, true, false, false]));
  },
});
