import { defineCommand } from '../command.js';
import { deleteCredentials } from '../credentials.js';
import { passwordStdinOption, readSecret } from '../secrets.js';

export const accountDeleteCommand = defineCommand({
  name: 'account delete',
  summary: 'Delete your account for good: its keys, sessions and every file. Asks for your password again.',
  args: '[--password-stdin]',
  positionals: { min: 0, max: 0 },
  options: { ...passwordStdinOption },
  details: [
    'The keys go first, so the stored contents can no longer be decrypted by anyone; the server frees their space at its next garbage collection. Run `coffer export OUT.zip` before, if you want a copy.',
    'Backups taken before still hold the account until they are pruned.',
  ],
  examples: ['coffer account delete', 'printf \'%s\\n\' "$PASSWORD" | coffer account delete --password-stdin'],
  async run({ io, out, configDir, connect }, { values }) {
    const client = await connect();
    const password = await readSecret(io, {
      stdinFlag: 'password-stdin',
      fromStdin: values['password-stdin'],
      prompt: 'This deletes your account and all its files forever. Your password to confirm: ',
    });
    await client.deleteAccount({ password });
    await deleteCredentials(configDir);
    out.result({ deleted: true }, 'Your account and its files are deleted.');
  },
});
