import { defineCommand } from '../command.js';
import { UsageError } from '../cli-error.js';
import { formatTable, formatTime } from '../format.js';
import { chooseOne, requireFlag } from '../options.js';
import { passwordStdinOption } from '../secrets.js';
import { withReauth } from './reauth-retry.js';

export const sessionsCommand = defineCommand({
  name: 'sessions',
  summary: 'List your signed-in devices and app passwords with their last use.',
  args: '',
  positionals: { min: 0, max: 0 },
  options: {},
  examples: ['coffer sessions'],
  async run({ out, connect }) {
    const { sessions } = await (await connect()).listSessions();
    const rows = sessions.map((s) => [s.current ? '*' : '', s.kind, s.scope, s.label, formatTime(s.lastUsedAt), s.id]);
    out.result(sessions, formatTable(['', 'KIND', 'SCOPE', 'LABEL', 'LAST USED', 'ID'], rows));
  },
});

export const sessionsRevokeCommand = defineCommand({
  name: 'sessions revoke',
  summary: 'End one session or app password by id, or every other one with --all.',
  args: 'ID | --all',
  positionals: { min: 0, max: 1 },
  options: { all: { type: 'boolean', description: 'End every session and app password except this one.' } },
  examples: ['coffer sessions revoke 01hzx3...', 'coffer sessions revoke --all'],
  async run({ out, connect }, { values, positionals: [id] }) {
    if (values.all === (id !== undefined)) throw new UsageError('Give a session id or --all (not both).');
    const client = await connect();
    if (values.all) await client.revokeOtherSessions();
    else await client.revokeSession(id!);
    out.result({ revoked: values.all ? 'all others' : id }, values.all ? 'Ended every other session and app password.' : `Ended session ${id}.`);
  },
});

const scopes = ['api', 'dav', 'read-only'] as const;

export const appPasswordCommand = defineCommand({
  name: 'app-password create',
  summary: 'Create an app password (a scoped token for WebDAV, scripts or another CLI); it is shown once.',
  args: '--label LABEL --scope api|dav|read-only [--password-stdin]',
  positionals: { min: 0, max: 0 },
  options: {
    label: { type: 'string', value: 'LABEL', description: 'What it is for, shown in `coffer sessions`.' },
    scope: { type: 'string', value: 'SCOPE', description: 'api (the REST API), dav (WebDAV only) or read-only (GET routes only).' },
    ...passwordStdinOption,
  },
  details: [
    'Revoke it with `coffer sessions revoke ID`. It lasts until revoked.',
    'When you signed in more than 5 minutes ago, the server wants your password again first (asked at the terminal, or read from stdin with --password-stdin).',
  ],
  examples: ['coffer app-password create --label "phone WebDAV" --scope dav'],
  async run({ io, out, connect }, { values }) {
    const label = requireFlag('label', values.label);
    const scope = chooseOne('scope', requireFlag('scope', values.scope), scopes)!;
    const client = await connect();
    const created = await withReauth(io, client, values['password-stdin'], () => client.createAppPassword({ label, scope }));
    out.result(created, [
      `App password "${label}" (${scope}), shown only now:`,
      '',
      `  ${created.token}`,
      '',
      `Revoke it with: coffer sessions revoke ${created.id}`,
    ]);
  },
});
