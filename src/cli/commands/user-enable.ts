import { defineCommand } from '../command.js';
import { findUser } from './find-user.js';

export const userEnableCommand = defineCommand({
  name: 'user enable',
  summary: 'Enable an account (administrators only): the user can sign in again.',
  args: 'EMAIL_OR_ID',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer user enable bob@example.com'],
  async run({ out, connect }, { positionals: [idOrEmail = ''] }) {
    const client = await connect();
    const user = await client.updateUser((await findUser(client, idOrEmail)).id, { status: 'active' });
    out.result(user, `Enabled ${user.email}.`);
  },
});
