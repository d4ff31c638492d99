import { defineCommand } from '../command.js';
import { findUser } from './find-user.js';

export const userDisableCommand = defineCommand({
  name: 'user disable',
  summary: 'Disable an account (administrators only): the user cannot sign in until enabled again; their files are kept.',
  args: 'EMAIL_OR_ID',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer user disable bob@example.com'],
  async run({ out, connect }, { positionals: [idOrEmail = ''] }) {
    const client = await connect();
    const user = await client.updateUser((await findUser(client, idOrEmail)).id, { status: 'disabled' });
    out.result(user, `Disabled ${user.email}.`);
  },
});
