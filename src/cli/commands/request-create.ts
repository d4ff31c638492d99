import { defineCommand } from '../command.js';
import { resolveFolder } from '../remote-nodes.js';
import { readStdin, stripOneNewline } from '../secrets.js';
import { parseExpiry } from './sharing-options.js';

export const requestCreateCommand = defineCommand({
  name: 'request create',
  summary: 'Create a file request: an upload-only link into a folder.',
  args: 'REMOTE_FOLDER',
  positionals: { min: 1, max: 1 },
  options: {
    expires: { type: 'string', description: 'When the request closes: a duration (30m, 12h, 7d) or an ISO 8601 time.' },
    'password-stdin': { type: 'boolean', description: 'Read a password for the request from standard input (one line).' },
  },
  details: ['Uploads arrive sealed to you; listing their folder (or `coffer request adopt`) files them there under their names.'],
  examples: ['coffer request create /Inbox --expires 7d'],
  async run({ out, connect, io }, { values, positionals: [path = ''] }) {
    const client = await connect();
    const folder = await resolveFolder(client, path);
    const password = values['password-stdin'] ? stripOneNewline(await readStdin(io.stdin)) : undefined;
    const created = await client.sharing.createRequest({ folderId: folder.id, expiresAt: parseExpiry(values.expires), ...(password ? { password } : {}) });
    const url = `${client.baseUrl}${created.path}`;
    out.result({ ...created, url }, [url, `request id ${created.request.id}`]);
  },
});
