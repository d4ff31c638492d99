import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CliError } from './cli-error.js';

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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = Credentials.safeParse(json);
  if (!parsed.success) {
    throw new CliError('auth.credentials_invalid', `The saved login in ${file} is damaged.`, { hint: 'Run `coffer login` again to replace it.' });
  }
  return parsed.data;
}

/**
 * Writes the login readable by its owner only (file 0600, folder 0700), through a temp file and a
 * rename so a crash never leaves half a file.
 */
export async function saveCredentials(configDir: string, credentials: Credentials): Promise<string> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  await chmod(configDir, 0o700);
  const file = join(configDir, credentialsFileName);
  const temp = join(configDir, `.${credentialsFileName}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    // The umask can only remove bits; chmod makes the mode exactly 0600 whatever it was.
    await chmod(temp, 0o600);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return file;
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
