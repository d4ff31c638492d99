import { defineCommand } from '../command.js';

export const requestRevokeCommand = defineCommand({
  name: 'request revoke',
  summary: 'Close a file request.',
  args: 'REQUEST_ID',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer request revoke 01hx3…'],
  async run({ out, connect }, { positionals: [id = ''] }) {
    await (await connect()).sharing.revokeRequest(id);
    out.result({ revoked: id }, `Closed file request ${id}`);
  },
});
