import { errorCatalogue } from '../sdk/index.js';

/**
 * What `coffer` exits with. Scripts branch on these numbers, so they are part of the CLI's public
 * interface: change them only with a note in docs/cli.md.
 */
export const ExitCode = {
  ok: 0,
  /** Anything not classified below: a bug, a local I/O failure. */
  failure: 1,
  /** Bad flags or arguments, invalid server settings, or a request the server refused as invalid (other 4xx answers). */
  usage: 2,
  /** Not signed in, wrong password or passphrase, session expired, not allowed (auth.*, 401, 403). */
  auth: 3,
  /** No such file, folder, user or version (*.not_found, 404). */
  notFound: 4,
  /** The name is taken, or the item is in a state that forbids this (409). */
  conflict: 5,
  /** Not enough storage quota left (quota.exceeded, 507). */
  quota: 6,
  /** Stored data failed its integrity check, a download broke off, or the server failed (5xx). */
  server: 7,
  /** The server could not be reached. */
  network: 8,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const integrityCodes = new Set(['storage.integrity_failed', 'download.incomplete', 'response.invalid']);

/** Maps any error to an exit code by its stable `code`, then by its HTTP `status`. */
export function exitCodeFor(error: unknown): ExitCode {
  const { code, status } = classify(error);
  if (code === 'usage.invalid' || code === 'config.invalid') return ExitCode.usage;
  if (code === 'network.unreachable') return ExitCode.network;
  if (code === 'quota.exceeded' || status === 507) return ExitCode.quota;
  if (integrityCodes.has(code) || status >= 500) return ExitCode.server;
  if (code.startsWith('auth.') || status === 401 || status === 403) return ExitCode.auth;
  if (code.endsWith('.not_found') || code === 'ENOENT' || status === 404) return ExitCode.notFound;
  if (status === 409 || code === 'EEXIST') return ExitCode.conflict;
  if (status >= 400 && status < 500) return ExitCode.usage;
  return ExitCode.failure;
}

function classify(error: unknown): { code: string; status: number } {
  if (typeof error !== 'object' || error === null) return { code: '', status: 0 };
  const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : '';
  const ownStatus = (error as { status?: unknown }).status;
  const status = typeof ownStatus === 'number' && ownStatus > 0 ? ownStatus : catalogueStatus(code);
  return { code, status };
}

function catalogueStatus(code: string): number {
  return code in errorCatalogue ? errorCatalogue[code as keyof typeof errorCatalogue].status : 0;
}
