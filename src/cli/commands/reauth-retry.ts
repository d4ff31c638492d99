import { isCofferApiError, type CofferClient } from '../../sdk/index.js';
import type { CliIo } from '../io.js';
import { readSecret } from '../secrets.js';

/**
 * Runs a sensitive change; when the server wants a fresh confirmation (the sign-in is over 5 minutes old), asks for
 * the password (terminal, or stdin with --password-stdin), confirms it with POST /me/reauth and runs the change again.
 */
export async function withReauth<T>(io: CliIo, client: CofferClient, passwordFromStdin: boolean, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    if (!(isCofferApiError(err) && err.code === 'auth.reauth_required')) throw err;
    const password = await readSecret(io, { stdinFlag: 'password-stdin', fromStdin: passwordFromStdin, prompt: 'Confirm it is you. Your password: ' });
    await client.reauthenticate({ password });
    return action();
  }
}
