import { defineCommand } from '../command.js';
import { formatTable } from '../format.js';
import { orDash } from './sharing-options.js';

export const requestListCommand = defineCommand({
  name: 'request list',
  summary: 'Your file requests.',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {},
  examples: ['coffer request list'],
  async run({ out, connect }) {
    const { requests } = await (await connect()).sharing.listRequests();
    const rows = requests.map((r) => [r.id, r.folderId, r.revokedAt ? 'revoked' : 'open', orDash(r.expiresAt), r.hasPassword ? 'yes' : 'no']);
    out.result(requests, requests.length ? formatTable(['REQUEST ID', 'FOLDER ID', 'STATE', 'EXPIRES', 'PASSWORD'], rows) : 'No file requests.');
  },
});
