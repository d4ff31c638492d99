import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { decodeExport, type DatabaseExport } from '../../db/index.js';
import type { BackupTarget } from '../../storage/index.js';
import { decryptWith } from './age-box.js';
import { BackupError } from './backup-error.js';
import { decodeManifest, decodeObjectList, type SnapshotManifest } from './manifest.js';
import { listSnapshots } from './snapshot-catalog.js';
import { snapshotFiles } from './snapshot-names.js';

/** A further check over an opened snapshot, returning problems found. The integrity log audit (`checkLedger`) always runs. */
export type SnapshotCheck = (snapshot: OpenedSnapshot) => Promise<string[]>;

export interface OpenedSnapshot {
  readonly manifest: SnapshotManifest;
  readonly data: DatabaseExport;
  readonly objectList: Map<string, number>;
}

/** The requested snapshot id, or the newest complete one. */
export async function chooseSnapshot(target: BackupTarget, id: string | undefined): Promise<string> {
  const all = await listSnapshots(target);
  if (id === undefined) {
    const newest = all.at(-1);
    if (!newest) throw new BackupError('backup.snapshot_not_found', `${target.description} holds no complete snapshot.`);
    return newest.id;
  }
  if (!all.some((s) => s.id === id))
    throw new BackupError('backup.snapshot_not_found', `${target.description} holds no complete snapshot ${id}; \`coffer backup list\` shows them.`);
  return id;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Decrypts the manifest, then checks and decrypts the database export and object list it describes. */
export async function openSnapshot(target: BackupTarget, id: string, identities: readonly string[]): Promise<OpenedSnapshot> {
  const sealedManifest = await target.files.get(snapshotFiles.manifest(id));
  if (!sealedManifest) throw new BackupError('backup.snapshot_not_found', `Snapshot ${id} has no manifest.`);
  const manifest = decodeManifest(await decryptWith(identities, sealedManifest, `manifest of snapshot ${id}`), id);
  const sealedDatabase = await target.files.get(manifest.database.file);
  if (!sealedDatabase || sha256(sealedDatabase) !== manifest.database.sha256) {
    throw new BackupError(
      'backup.snapshot_damaged',
      `The database export of snapshot ${id} is ${sealedDatabase ? 'damaged (its hash does not match the manifest)' : 'missing'}.`,
    );
  }
  const objectBytes = await target.files.get(manifest.objects.file);
  if (!objectBytes || sha256(objectBytes) !== manifest.objects.sha256) {
    throw new BackupError('backup.snapshot_damaged', `The object list of snapshot ${id} is ${objectBytes ? 'damaged' : 'missing'}.`);
  }
  let data: DatabaseExport;
  try {
    data = decodeExport(gunzipSync(await decryptWith(identities, sealedDatabase, `database export of snapshot ${id}`)));
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError('backup.snapshot_damaged', `The database export of snapshot ${id} cannot be read: ${(err as Error).message}`);
  }
  return { manifest, data, objectList: decodeObjectList(objectBytes) };
}
