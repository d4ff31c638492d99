import { BackupError } from './backup-error.js';

export const manifestFormat = 'coffer-backup-manifest';

/** The manifest of one snapshot (age-encrypted on the target); docs/backup.md "Manifest". */
export interface SnapshotManifest {
  readonly format: typeof manifestFormat;
  readonly version: 1;
  readonly id: string;
  readonly createdAt: string;
  readonly cofferVersion: string;
  readonly database: {
    readonly file: string;
    /** SHA-256 of the encrypted file as stored. */
    readonly sha256: string;
    readonly bytes: number;
    readonly migrations: readonly string[];
    readonly sourceDialect: 'sqlite' | 'postgres';
    readonly rows: Readonly<Record<string, number>>;
  };
  readonly objects: {
    readonly file: string;
    readonly sha256: string;
    readonly count: number;
    readonly bytes: number;
  };
  /** The server's key files (server-keys.ts); absent in snapshots taken without them. */
  readonly serverKeys?: { readonly file: string; readonly sha256: string; readonly roles: readonly string[] };
}

export function encodeManifest(manifest: SnapshotManifest): Uint8Array {
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
}

export function decodeManifest(bytes: Uint8Array, expectedId: string): SnapshotManifest {
  let parsed: Partial<SnapshotManifest>;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<SnapshotManifest>;
  } catch {
    throw new BackupError('backup.snapshot_damaged', `The manifest of snapshot ${expectedId} is not JSON.`);
  }
  if (parsed.format !== manifestFormat || parsed.version !== 1 || !parsed.database || !parsed.objects) {
    throw new BackupError('backup.snapshot_damaged', `The manifest of snapshot ${expectedId} is not a Coffer backup manifest of version 1.`);
  }
  if (parsed.id !== expectedId)
    throw new BackupError('backup.snapshot_damaged', `The manifest stored as snapshot ${expectedId} describes snapshot ${String(parsed.id)}.`);
  return parsed as SnapshotManifest;
}

/** The plaintext object list: one `<key> <size>` line per object. Keys are hashes of ciphertext, already visible as object names on the target. */
export function encodeObjectList(objects: ReadonlyMap<string, number>): Buffer {
  return Buffer.from([...objects].map(([key, size]) => `${key} ${size}\n`).join(''), 'utf8');
}

export function decodeObjectList(bytes: Uint8Array): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of Buffer.from(bytes).toString('utf8').split('\n')) {
    if (!line) continue;
    const [key, size] = line.split(' ');
    if (!key || !/^[0-9a-f]{64}$/.test(key) || !size || !/^\d+$/.test(size))
      throw new BackupError('backup.snapshot_damaged', 'An object list line is malformed.');
    out.set(key, Number(size));
  }
  return out;
}
