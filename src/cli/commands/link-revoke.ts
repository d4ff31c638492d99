import { defineCommand } from '../command.js';

export const linkRevokeCommand = defineCommand({
  name: 'link revoke',
  summary: 'Revoke a public link; its wrapped key is destroyed.',
  args: 'LINK_ID',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer link revoke 01hx3…'],
  async run({ out, connect }, { positionals: [id = ''] }) {
    await (await connect()).sharing.revokeLink(id);
    out.result({ revoked: id }, `Revoked link ${id}`);
  },
});
