import { join } from 'node:path';
import { z } from 'zod';
import { CliError } from './cli-error.js';
import { readPrivateJson, savePrivateJson } from './private-json-file.js';

/**
 * What this client remembers about each integrity log it has seen, by origin: the verifier key pinned on first use
 * and the largest checkpoint it verified. `coffer verify --log` refuses a log that is smaller than, or forks from,
 * that checkpoint; `coffer verify FILE RECEIPT` refuses a receipt signed by another key than the pinned one.
 */
const LogState = z.record(
  z.string(),
  z.object({
    verifierKey: z.string(),
    checkpoint: z.string().describe('the last verified signed note'),
    size: z.number().int().min(0),
    rootHash: z.string(),
    seenAt: z.string(),
  }),
);
export type LogState = z.infer<typeof LogState>;
export type SeenLog = LogState[string];

export const logStateFileName = 'log-state.json';

export async function readLogState(configDir: string): Promise<LogState> {
  const file = join(configDir, logStateFileName);
  const damaged = () =>
    new CliError('usage.invalid', `The saved log state in ${file} is damaged.`, {
      hint: 'Restore it from a backup; deleting it makes this client trust the next key and checkpoint it sees.',
    });
  return (await readPrivateJson(file, LogState, damaged)) ?? {};
}

/** Written like the saved login, so a crash never loses the pinned state. */
export async function saveLogState(configDir: string, state: LogState): Promise<void> {
  await savePrivateJson(configDir, logStateFileName, state);
}
