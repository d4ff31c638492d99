import { CofferApiError } from '../../sdk/index.js';
import { CliError } from '../cli-error.js';
import { defineCommand } from '../command.js';
import { ensureFolder, resolveFolder, resolveRemote } from '../remote-nodes.js';
import { formatRemotePath, parseRemotePath, splitParent } from '../remote-path.js';

export const mkdirCommand = defineCommand({
  name: 'mkdir',
  summary: 'Create a remote folder.',
  args: 'REMOTE_PATH',
  positionals: { min: 1, max: 1 },
  options: {
    parents: { type: 'boolean', short: 'p', description: 'Create missing parent folders too, and accept an existing folder.' },
  },
  examples: ['coffer mkdir /Documents/Taxes', 'coffer mkdir -p /Photos/2025/Summer'],
  async run({ out, connect }, { values, positionals: [input = ''] }) {
    const path = parseRemotePath(input);
    const shown = formatRemotePath(path.segments);
    const client = await connect();
    if (!values.parents) {
      const { parent, name } = splitParent(path);
      const parentId = (await resolveFolder(client, parent)).id;
      const folder = await client.createFolder({ parentId, name }).catch((err: unknown) => {
        if (err instanceof CofferApiError && err.code === 'node.name_taken') {
          throw new CliError('node.name_taken', `${shown} already exists.`, { status: 409, hint: 'Use --parents to accept an existing folder.' });
        }
        throw err;
      });
      out.result(folder, `Created ${shown}`);
      return;
    }
    let folder = await resolveRemote(client, '/');
    let created = 0;
    for (const name of path.segments) {
      const step = await ensureFolder(client, folder.id, name);
      folder = step.folder;
      if (step.created) created += 1;
    }
    out.result(folder, created > 0 ? `Created ${shown}` : `${shown} already exists`);
  },
});
