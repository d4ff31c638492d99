import type { UserDto } from '../../sdk/index.js';
import { defineCommand } from '../command.js';
import { parseBytes } from '../format.js';
import { chooseOne, requireFlag } from '../options.js';
import { passwordStdinOption, readSecret } from '../secrets.js';
import { recoveryKeyNotice } from './recovery-key-notice.js';

const roles = ['user', 'admin', 'guest', 'auditor'] as const satisfies readonly UserDto['role'][];

export const userAddCommand = defineCommand({
  name: 'user add',
  summary: 'Create an account (administrators only).',
  args: '--email EMAIL [--role ROLE] [--quota SIZE] [--password-stdin]',
  positionals: { min: 0, max: 0 },
  options: {
    email: { type: 'string', value: 'EMAIL', description: 'Email address of the new account.' },
    role: { type: 'string', value: 'ROLE', description: `One of ${roles.join(', ')} (default user).` },
    quota: { type: 'string', value: 'SIZE', description: "Storage quota, e.g. 50GiB; 0 means unlimited (default: the server's default quota)." },
    ...passwordStdinOption,
  },
  examples: ['coffer user add --email bob@example.com --quota 20GiB', 'printf \'%s\\n\' "$PW" | coffer user add --email bob@example.com --password-stdin'],
  async run({ io, out, connect }, { values }) {
    const email = requireFlag('email', values.email);
    const role = chooseOne('role', values.role, roles);
    const quotaBytes = values.quota === undefined ? undefined : parseBytes(values.quota);
    const client = await connect();
    const password = await readSecret(io, {
      stdinFlag: 'password-stdin',
      fromStdin: values['password-stdin'],
      prompt: `Password for ${email}: `,
      confirm: true,
    });
    const { user, recoveryKey } = await client.createUser({ email, password, role, quotaBytes });
    out.result({ userId: user.id, email: user.email, role: user.role, recoveryKey }, [
      `Created ${user.email} (role ${user.role}, id ${user.id}).`,
      ...recoveryKeyNotice(recoveryKey),
    ]);
  },
});
