import { CofferApiError } from '../sdk/index.js';
import { CliError } from './cli-error.js';
import type { CliIo } from './io.js';

const hints: Record<string, string> = {
  'auth.required': 'Sign in with `coffer login --server URL --email EMAIL`.',
  'auth.session_invalid': 'Sign in again with `coffer login`.',
  'file.passphrase_required': "Give the file's passphrase with --passphrase-stdin or --passphrase-file FILE.",
  'network.unreachable': 'Check --server (or COFFER_SERVER) and that the server is running.',
  'download.incomplete': 'Nothing was written. Try again; if it keeps failing, ask an administrator to check the storage.',
};

/** Prints an error on stderr: `{ error: { code, message } }` with --json, a sentence and a hint otherwise. */
export function reportError(io: CliIo, json: boolean, error: unknown): void {
  const { code, message, correlationId, hint } = describe(error);
  if (json) {
    io.stderr.write(`${JSON.stringify({ error: { code, message, ...(correlationId ? { correlationId } : {}) } })}\n`);
    return;
  }
  io.stderr.write(`coffer: ${message}${correlationId ? ` (correlation id ${correlationId})` : ''}\n`);
  if (hint) io.stderr.write(`${hint}\n`);
  if (io.env.COFFER_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
}

function describe(error: unknown): { code: string; message: string; correlationId?: string | undefined; hint?: string | undefined } {
  if (error instanceof CofferApiError) {
    return { code: error.code, message: error.message, correlationId: error.correlationId, hint: hints[error.code] };
  }
  if (error instanceof CliError) return { code: error.code, message: error.message, hint: error.hint ?? hints[error.code] };
  if (error instanceof Error) {
    const systemCode = (error as { code?: unknown }).code;
    return { code: typeof systemCode === 'string' ? systemCode : 'cli.unexpected', message: error.message };
  }
  return { code: 'cli.unexpected', message: String(error) };
}
