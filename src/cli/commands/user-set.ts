import type { UserDto } from '../../sdk/index.js';
import { defineCommand } from '../command.js';
import { formatBytes, parseBytes } from '../format.js';
import { chooseOne } from '../options.js';
import { UsageError } from '../cli-error.js';
import { findUser } from './find-user.js';

const roles = ['user', 'admin', 'guest'] as const satisfies readonly UserDto['role'][];

export const userSetCommand = defineCommand({
  name: 'user set',
  summary: "Change an account's role or quota (administrators only).",
  args: 'EMAIL_OR_ID [--role ROLE] [--quota SIZE]',
  positionals: { min: 1, max: 1 },
  options: {
    role: { type: 'string', value: 'ROLE', description: `One of ${roles.join(', ')}. Guests see only what is shared with them.` },
    quota: { type: 'string', value: 'SIZE', description: 'Storage quota, e.g. 50GiB; 0 means unlimited.' },
  },
  examples: ['coffer user set bob@example.com --role guest', 'coffer user set bob@example.com --quota 100GiB'],
  async run({ out, connect }, { values, positionals: [idOrEmail = ''] }) {
    const role = chooseOne('role', values.role, roles);
    const quotaBytes = values.quota === undefined ? undefined : parseBytes(values.quota);
    if (role === undefined && quotaBytes === undefined) throw new UsageError('Give --role, --quota or both.');
    const client = await connect();
    const user = await client.updateUser((await findUser(client, idOrEmail)).id, { role, quotaBytes });
    out.result(user, `${user.email}: role ${user.role}, quota ${user.quotaBytes === 0 ? 'unlimited' : formatBytes(user.quotaBytes)}.`);
  },
});
