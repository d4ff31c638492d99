import { createHash } from 'node:crypto';
import type { BackupTarget } from '../../storage/index.js';
import { decryptWith, encryptTo } from './age-box.js';
import { BackupError } from './backup-error.js';
import type { SnapshotManifest } from './manifest.js';
import { snapshotFiles } from './snapshot-names.js';

/**
 * The server's own key files (the integrity log's signing key, the factor key that seals TOTP secrets) live beside
 * the database, not in it. A restore without them would leave a log nobody can extend and authenticator codes
 * nobody can check, so each snapshot carries them, age-encrypted to the same recipient as the database export:
 * a JSON object of file role → base64 bytes.
 */
export type ServerKeys = ReadonlyMap<string, Buffer>;

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

export async function writeServerKeys(
  target: BackupTarget,
  id: string,
  recipient: string,
  keys: ServerKeys,
): Promise<NonNullable<SnapshotManifest['serverKeys']>> {
  const plain = Buffer.from(JSON.stringify(Object.fromEntries([...keys].map(([role, bytes]) => [role, bytes.toString('base64')]))));
  const sealed = await encryptTo(recipient, plain);
  plain.fill(0);
  const file = snapshotFiles.keys(id);
  await target.files.put(file, sealed);
  return { file, sha256: sha256(sealed), roles: [...keys.keys()] };
}

export async function readServerKeys(target: BackupTarget, manifest: SnapshotManifest, identities: readonly string[]): Promise<Map<string, Buffer>> {
  const keys = new Map<string, Buffer>();
  if (!manifest.serverKeys) return keys;
  const sealed = await target.files.get(manifest.serverKeys.file);
  if (!sealed || sha256(sealed) !== manifest.serverKeys.sha256) {
    throw new BackupError('backup.snapshot_damaged', `The server key file of snapshot ${manifest.id} is ${sealed ? 'damaged' : 'missing'}.`);
  }
  const parsed = JSON.parse(Buffer.from(await decryptWith(identities, sealed, `server keys of snapshot ${manifest.id}`)).toString('utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null)
    throw new BackupError('backup.snapshot_damaged', `The server keys of snapshot ${manifest.id} are malformed.`);
  for (const [role, value] of Object.entries(parsed)) if (typeof value === 'string') keys.set(role, Buffer.from(value, 'base64'));
  return keys;
}
