import { defineCommand } from '../command.js';
import { requireFlag } from '../options.js';
import { passwordStdinOption, readSecret } from '../secrets.js';
import { recoveryKeyNotice } from './recovery-key-notice.js';

export const adminCreateCommand = defineCommand({
  name: 'admin create',
  summary: "Create the first administrator directly in the server's database (run on the server).",
  args: '--email EMAIL [--password-stdin]',
  positionals: { min: 0, max: 0 },
  options: {
    email: { type: 'string', value: 'EMAIL', description: 'Email address of the administrator.' },
    ...passwordStdinOption,
  },
  details: ['Uses the same settings as `coffer server` (its environment), so run it where the server runs.'],
  examples: [
    'coffer admin create --email admin@example.com',
    'printf \'%s\\n\' "$ADMIN_PASSWORD" | coffer admin create --email admin@example.com --password-stdin',
  ],
  async run({ io, out, serverEnv }, { values }) {
    const email = requireFlag('email', values.email);
    const password = await readSecret(io, {
      stdinFlag: 'password-stdin',
      fromStdin: values['password-stdin'],
      prompt: 'Password for the administrator: ',
      confirm: true,
    });
    const { loadConfig } = await import('../../config/index.js');
    const { createFirstAdmin } = await import('../../app/index.js');
    const { userId, recoveryKey } = await createFirstAdmin(loadConfig(serverEnv()), email, password);
    out.result({ userId, email, recoveryKey }, [`Created the administrator ${email} (id ${userId}).`, ...recoveryKeyNotice(recoveryKey)]);
  },
});
