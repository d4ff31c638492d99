import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CliError } from './cli-error.js';
import { readPrivateJson, savePrivateJson } from './private-json-file.js';

/** The saved login. The token is a bearer secret: it is written only here, never printed. */
const Credentials = z.object({
  server: z.url(),
  token: z.string().min(1),
  email: z.string().optional(),
  savedAt: z.string(),
});
export type Credentials = z.infer<typeof Credentials>;

export const credentialsFileName = 'credentials.json';

/** --config-dir / COFFER_CONFIG_DIR, else $XDG_CONFIG_HOME/coffer, else ~/.config/coffer. */
export function configDirFor(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  if (flag) return flag;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'coffer');
  return join(env.HOME || homedir(), '.config', 'coffer');
}

export async function readCredentials(configDir: string): Promise<Credentials | undefined> {
  const file = join(configDir, credentialsFileName);
  const damaged = () => new CliError('auth.credentials_invalid', `The saved login in ${file} is damaged.`, { hint: 'Run `coffer login` again to replace it.' });
  return readPrivateJson(file, Credentials, damaged);
}

/** Saves the login readable by its owner only (private-json-file.ts); returns the file's path. */
export async function saveCredentials(configDir: string, credentials: Credentials): Promise<string> {
  return savePrivateJson(configDir, credentialsFileName, credentials);
}

/** Deletes the saved login; false when there was none. */
export async function deleteCredentials(configDir: string): Promise<boolean> {
  const file = join(configDir, credentialsFileName);
  try {
    await rm(file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
