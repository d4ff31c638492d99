import { hostname } from 'node:os';
import { CliError } from '../cli-error.js';
import { defineCommand } from '../command.js';
import { saveCredentials } from '../credentials.js';
import { requireFlag } from '../options.js';
import { passwordStdinOption, readSecret } from '../secrets.js';
import { completeSecondFactor, secondFactorOptions } from './second-factor-prompt.js';

export const loginCommand = defineCommand({
  name: 'login',
  summary: 'Sign in and save the server and an API token for the other commands.',
  args: '[--server URL] --email EMAIL [--password-stdin]',
  positionals: { min: 0, max: 0 },
  options: {
    email: { type: 'string', value: 'EMAIL', description: "Your account's email address." },
    ...passwordStdinOption,
    ...secondFactorOptions,
  },
  details: [
    'The token is saved in credentials.json in the config folder (mode 0600) and is never printed.',
    'Without --server, the server of the saved login is used.',
    'Accounts with a second factor are asked for the code (email, authenticator app or a recovery code); --code and --method give it without asking.',
  ],
  examples: [
    'coffer login --server https://drive.example.com --email ada@example.com',
    'pass show coffer | coffer login --server https://drive.example.com --email ada@example.com --password-stdin',
  ],
  async run({ io, out, configDir, connectAnonymously }, { values }) {
    const email = requireFlag('email', values.email);
    const client = await connectAnonymously();
    if (!sendsPasswordSafely(client.baseUrl))
      out.note(`Warning: ${client.baseUrl} is plain http, so your password travels unencrypted. Use https:// for a server on a network.`);
    const password = await readSecret(io, { stdinFlag: 'password-stdin', fromStdin: values['password-stdin'], prompt: `Password for ${email}: ` });
    const first = await client.signIn({ email, password, kind: 'token', label: `coffer-cli@${hostname()}` });
    const { user, token } = 'secondFactor' in first ? await completeSecondFactor(io, out, client, first.secondFactor, values) : first;
    if (!token) throw new CliError('response.invalid', 'The server signed in without issuing a token.', { status: 502 });
    const file = await saveCredentials(configDir, { server: client.baseUrl, token, email: user.email, savedAt: new Date().toISOString() });
    out.result({ server: client.baseUrl, user, credentialsFile: file }, `Signed in to ${client.baseUrl} as ${user.email}. Saved in ${file}.`);
  },
});

/** https, or plain http to this machine only. */
function sendsPasswordSafely(baseUrl: string): boolean {
  const { protocol, hostname: host } = new URL(baseUrl);
  return protocol === 'https:' || host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}
