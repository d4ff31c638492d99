import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';

/**
 * The client's own small JSON files in its config folder (the saved login, the pinned log state). They hold secrets
 * or trust decisions, so they are private to their owner and never half-written.
 */

/** The file's validated content; undefined when it does not exist; `damaged` decides what a bad file throws. */
export async function readPrivateJson<T>(file: string, schema: z.ZodType<T>, damaged: () => Error): Promise<T | undefined> {
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
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw damaged();
  return parsed.data;
}

/**
 * Writes readable by the owner only (file 0600, folder 0700), through a temp file and a rename so a crash never
 * leaves half a file. Returns the file's path.
 */
export async function savePrivateJson(configDir: string, fileName: string, value: unknown): Promise<string> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  await chmod(configDir, 0o700);
  const file = join(configDir, fileName);
  const temp = join(configDir, `.${fileName}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    // The umask can only remove bits; chmod makes the mode exactly 0600 whatever it was.
    await chmod(temp, 0o600);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return file;
}
