import { readFile } from 'node:fs/promises';
import { UsageError } from '../cli-error.js';
import type { OptionSpec } from '../options.js';

/** `--identity FILE`: the age identity file (AGE-SECRET-KEY-1…) that opens snapshots. */
export const identityOption = {
  identity: { type: 'string', value: 'FILE', description: 'age identity file holding the secret key of COFFER_BACKUP_RECIPIENT (from age-keygen).' },
} as const satisfies Record<string, OptionSpec>;

export const snapshotOption = {
  snapshot: { type: 'string', value: 'ID', description: 'Snapshot to use (default: the newest complete one).' },
} as const satisfies Record<string, OptionSpec>;

export async function readIdentityFile(file: string | undefined): Promise<string> {
  if (!file) throw new UsageError('Give the age identity file with --identity FILE.');
  return readFile(file, 'utf8');
}
