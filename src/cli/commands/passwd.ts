import { defineCommand } from '../command.js';
import { passwordStdinOption, readSecret, readSecretLines } from '../secrets.js';

export const passwdCommand = defineCommand({
  name: 'passwd',
  summary: 'Change your password. Files are not re-encrypted: only the key that protects them is re-wrapped.',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {
    'password-stdin': { ...passwordStdinOption['password-stdin'], description: 'Read two lines from stdin: the current password, then the new one.' },
  },
  examples: ['coffer passwd', 'printf \'%s\\n%s\\n\' "$OLD" "$NEW" | coffer passwd --password-stdin'],
  async run({ io, out, connect }, { values }) {
    const client = await connect();
    const [currentPassword = '', newPassword = ''] = values['password-stdin']
      ? await readSecretLines(io, 'password-stdin', 2)
      : [
          await readSecret(io, { stdinFlag: 'password-stdin', fromStdin: false, prompt: 'Current password: ' }),
          await readSecret(io, { stdinFlag: 'password-stdin', fromStdin: false, prompt: 'New password: ', confirm: true }),
        ];
    await client.changePassword({ currentPassword, newPassword });
    out.result({ changed: true }, 'Password changed.');
  },
});
