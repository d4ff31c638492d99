import { defineCommand } from '../command.js';

export const shareRevokeCommand = defineCommand({
  name: 'share revoke',
  summary: 'Revoke a share you made or own; access ends at once.',
  args: 'SHARE_ID',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer share revoke 01hx3…'],
  async run({ out, connect }, { positionals: [id = ''] }) {
    await (await connect()).sharing.revokeShare(id);
    out.result({ revoked: id }, `Revoked share ${id}`);
  },
});
