import { defineCommand } from '../command.js';
import { UsageError } from '../cli-error.js';
import { passwordStdinOption, readSecret } from '../secrets.js';
import { findUser } from './find-user.js';
import { recoveryKeyNotice } from './recovery-key-notice.js';

export const userResetFactorsCommand = defineCommand({
  name: 'user reset-factors',
  summary: 'Remove all second factors and recovery codes of an account, e.g. after a lost phone (administrators only).',
  args: 'EMAIL_OR_ID',
  positionals: { min: 1, max: 1 },
  options: {},
  examples: ['coffer user reset-factors bob@example.com'],
  async run({ out, connect }, { positionals: [idOrEmail = ''] }) {
    const client = await connect();
    const user = await findUser(client, idOrEmail);
    await client.resetUserFactors(user.id);
    out.result({ userId: user.id }, `Removed the second factors of ${user.email}; they were told by mail.`);
  },
});

export const userResetPasswordCommand = defineCommand({
  name: 'user reset-password',
  summary: 'Set a new password without the recovery key (administrators only). The files stored so far become unreadable and are removed.',
  args: 'EMAIL_OR_ID --confirm-data-loss [--password-stdin]',
  positionals: { min: 1, max: 1 },
  options: {
    'confirm-data-loss': { type: 'boolean', description: 'Required: confirms that the old files can never be read again.' },
    ...passwordStdinOption,
  },
  details: ['If the person still has their recovery key, they should reset with it instead (POST /auth/recover): every file stays readable.'],
  examples: ['coffer user reset-password bob@example.com --confirm-data-loss'],
  async run({ io, out, connect }, { values, positionals: [idOrEmail = ''] }) {
    if (!values['confirm-data-loss']) throw new UsageError('Without the recovery key the old files are lost: add --confirm-data-loss to go ahead.');
    const client = await connect();
    const user = await findUser(client, idOrEmail);
    const newPassword = await readSecret(io, {
      stdinFlag: 'password-stdin',
      fromStdin: values['password-stdin'],
      prompt: `New password for ${user.email}: `,
      confirm: true,
    });
    const { recoveryKey } = await client.resetUserPassword(user.id, { newPassword, confirmDataLoss: true });
    out.result({ userId: user.id, recoveryKey }, [`Reset the password of ${user.email}; their old files are gone.`, ...recoveryKeyNotice(recoveryKey)]);
  },
});
