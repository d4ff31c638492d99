import { defineCommand } from '../command.js';
import { UsageError } from '../cli-error.js';
import { findUser } from './find-user.js';

export const userDeleteCommand = defineCommand({
  name: 'user delete',
  summary: 'Delete an account and all its files for good (administrators only).',
  args: 'EMAIL_OR_ID --yes',
  positionals: { min: 1, max: 1 },
  options: { yes: { type: 'boolean', description: 'Confirm: the files cannot be brought back.' } },
  examples: ['coffer user delete bob@example.com --yes'],
  async run({ out, connect }, { values, positionals: [idOrEmail = ''] }) {
    if (!values.yes) throw new UsageError('Deleting an account removes all its files for good: add --yes to confirm.');
    const client = await connect();
    const user = await findUser(client, idOrEmail);
    await client.deleteUser(user.id);
    out.result({ deleted: user.id }, `Deleted ${user.email} and all its files.`);
  },
});
