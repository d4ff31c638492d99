import type { UserDto } from '../../sdk/index.js';
import { defineCommand } from '../command.js';
import { chooseOne } from '../options.js';

const roles = ['user', 'admin', 'guest'] as const satisfies readonly UserDto['role'][];

export const userInviteCommand = defineCommand({
  name: 'user invite',
  summary: 'Invite someone by email: they get a link to choose their own password (administrators only).',
  args: 'EMAIL [--role ROLE]',
  positionals: { min: 1, max: 1 },
  options: { role: { type: 'string', value: 'ROLE', description: `One of ${roles.join(', ')} (default user).` } },
  details: ["The link is valid for 7 days and works once. Without SMTP settings the mail lands in the server's outbox folder."],
  examples: ['coffer user invite dora@example.com --role guest'],
  async run({ out, connect }, { values, positionals: [email = ''] }) {
    const role = chooseOne('role', values.role, roles);
    const invitation = await (await connect()).inviteUser({ email, role });
    out.result(invitation, `Invited ${email}; the link expires ${invitation.expiresAt}.`);
  },
});
