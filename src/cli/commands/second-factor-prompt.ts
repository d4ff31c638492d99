import type { CofferClient } from '../../sdk/index.js';
import { UsageError } from '../cli-error.js';
import type { CliIo } from '../io.js';
import type { Output } from '../output.js';
import { promptHidden } from '../secrets.js';

type Method = 'email' | 'totp' | 'recovery';
type Offered = Method | 'passkey';

export const secondFactorOptions = {
  code: { type: 'string', value: 'CODE', description: 'The second-factor code, when the account has one (otherwise it is asked for).' },
  method: { type: 'string', value: 'METHOD', description: 'How the code was obtained: totp, email or recovery (default: totp if set up, else email).' },
} as const;

/** The second sign-in step for `login`: the code from --code or asked on the terminal. */
export async function completeSecondFactor(
  io: CliIo,
  out: Output,
  client: CofferClient,
  challenge: { readonly challenge: string; readonly methods: readonly Offered[] },
  values: { readonly code?: string | undefined; readonly method?: string | undefined },
) {
  const method = pickMethod(challenge.methods, values.method);
  let code = values.code;
  if (!code) {
    if (!io.stdin.isTTY) throw new UsageError('This account needs a second factor: give the code with --code (and --method).');
    const asked: Record<Method, string> = {
      email: 'Code from the email just sent: ',
      totp: 'Code from your authenticator app: ',
      recovery: 'Recovery code: ',
    };
    if (method === 'email') out.note('A sign-in code was sent to your email address.');
    code = await promptHidden(io, asked[method]);
  }
  return client.secondFactor({ challenge: challenge.challenge, method, code });
}

/** Passkeys need a browser; the CLI offers the other methods. */
function pickMethod(all: readonly Offered[], wanted: string | undefined): Method {
  const offered = all.filter((m): m is Method => m !== 'passkey');
  if (offered.length === 0) throw new UsageError('This account confirms sign-ins with a passkey only: create an app password in the web app instead.');
  if (wanted !== undefined) {
    const method = offered.find((m) => m === wanted);
    if (!method) throw new UsageError(`--method must be one of: ${offered.join(', ')}.`);
    return method;
  }
  return offered.includes('totp') ? 'totp' : offered.includes('email') ? 'email' : 'recovery';
}
