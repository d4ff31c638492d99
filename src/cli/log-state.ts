import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CliError } from './cli-error.js';

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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = LogState.safeParse(json);
  if (!parsed.success) {
    throw new CliError('usage.invalid', `The saved log state in ${file} is damaged.`, {
      hint: 'Restore it from a backup; deleting it makes this client trust the next key and checkpoint it sees.',
    });
  }
  return parsed.data;
}

/** Written through a temp file and a rename, like the saved login, so a crash never loses the pinned state. */
export async function saveLogState(configDir: string, state: LogState): Promise<void> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  const file = join(configDir, logStateFileName);
  const temp = join(configDir, `.${logStateFileName}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(temp, 0o600);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
