import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ed25519PublicKey, generateEd25519, isValidKeyName, verifierKey } from '../../crypto/index.js';
import type { Store } from '../../db/index.js';

/**
 * The log's Ed25519 signing key. The seed lives in a file (base64, one line, mode 0600), never in the database: an
 * attacker with only the database (a leaked backup, SQL injection) cannot sign checkpoints. The database pins the
 * public key and the origin on first start, so an instance started with another or a missing key file refuses to
 * start instead of silently forking the log; instances sharing one PostgreSQL database share one key file.
 */
export interface LogKey {
  /** The checkpoint origin and note key name, e.g. `drive.example.com/coffer-log`. */
  readonly origin: string;
  readonly publicKey: Buffer;
  readonly privateKey: Buffer;
  /** The verifier key clients pin: `origin+keyid+base64(0x01 || public key)`. */
  readonly verifierKey: string;
}

export const publicKeyMeta = 'ledger.public_key';
export const originMeta = 'ledger.origin';

/** `https://drive.example.com/coffer` → `drive.example.com/coffer/coffer-log`. */
export function originFor(publicUrl: string): string {
  const url = new URL(publicUrl);
  const origin = `${url.host}${url.pathname.replace(/\/+$/, '')}/coffer-log`;
  if (!isValidKeyName(origin)) throw new Error(`COFFER_PUBLIC_URL gives the log origin "${origin}", which is not a valid note key name (no spaces or "+").`);
  return origin;
}

export async function loadLogKey(file: string, store: Store, publicUrl: string): Promise<LogKey> {
  const pinned = await store.repos.meta.get(publicKeyMeta);
  let privateKey = await readSeed(file);
  if (!privateKey) {
    if (pinned) {
      throw new Error(
        `The integrity log signing key file ${file} is missing, but this database's log is signed by another key. ` +
          'Copy the key file from the first server instance (or restore it from backup) and start again.',
      );
    }
    privateKey = generateEd25519().privateKey;
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    try {
      await writeFile(file, `${privateKey.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      // Another instance won the race on a shared folder: use its key.
      privateKey = (await readSeed(file)) ?? privateKey;
    }
  }
  const publicKey = ed25519PublicKey(privateKey);
  const stored = pinned ?? (await store.repos.meta.setIfAbsent(publicKeyMeta, publicKey.toString('base64')));
  if (stored !== publicKey.toString('base64')) {
    throw new Error(`The integrity log signing key in ${file} is not the key this database's log was started with. Use the original key file.`);
  }
  const origin = (await store.repos.meta.get(originMeta)) ?? (await store.repos.meta.setIfAbsent(originMeta, originFor(publicUrl)));
  return { origin, publicKey, privateKey, verifierKey: verifierKey(origin, publicKey) };
}

async function readSeed(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const seed = Buffer.from(text.trim(), 'base64');
  if (seed.length !== 32) throw new Error(`The integrity log signing key file ${file} does not hold a base64 32-byte Ed25519 seed.`);
  return seed;
}
