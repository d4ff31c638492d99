import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CofferConfig } from '../config/index.js';

/** The key files a server keeps beside its database, by the role a snapshot records them under. */
function serverKeyPaths(config: CofferConfig): Record<string, string> {
  return { 'ledger-signing': config.ledgerKeyFile, factor: path.join(config.dataDir, 'factor.key') };
}

/** Reads the key files that exist (a server that never started has none yet). */
export async function readServerKeyFiles(config: CofferConfig): Promise<Map<string, Buffer>> {
  const keys = new Map<string, Buffer>();
  for (const [role, file] of Object.entries(serverKeyPaths(config))) {
    try {
      keys.set(role, await readFile(file));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return keys;
}

/** Puts a restored key file in place, readable by the server's user only; unknown roles are ignored. */
export async function writeServerKeyFile(config: CofferConfig, role: string, bytes: Buffer): Promise<void> {
  const file = serverKeyPaths(config)[role];
  if (!file) return;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes, { mode: 0o600 });
}
