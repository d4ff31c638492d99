import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { encodeExport, exportDatabase, type DatabaseLocation } from '../../db/index.js';
import type { BackupTarget, BlobStore } from '../../storage/index.js';
import { checkRecipient, encryptTo } from './age-box.js';
import { writeServerKeys, type ServerKeys } from './server-keys.js';
import { BackupError } from './backup-error.js';
import { encodeManifest, encodeObjectList, manifestFormat, type SnapshotManifest } from './manifest.js';
import { inParallel } from './in-parallel.js';
import { indexContent } from './object-uses.js';
import { cleanPartialSnapshots } from './snapshot-catalog.js';
import { newSnapshotId, snapshotFiles } from './snapshot-names.js';

export interface BackupSource {
  readonly database: DatabaseLocation;
  readonly blobs: BlobStore;
  /** The admin's age X25519 recipient (`age1…`); the target never sees anything it could read. */
  readonly recipient: string | undefined;
  readonly cofferVersion: string;
  /** The server's key files by role (server-keys.ts), carried encrypted so a restored server can start. */
  readonly serverKeys?: ServerKeys;
}

export interface BackupReport {
  readonly snapshotId: string;
  readonly objects: number;
  readonly objectBytes: number;
  /** Objects the target did not have yet: the incremental part of this backup. */
  readonly objectsCopied: number;
  readonly bytesCopied: number;
  readonly databaseBytes: number;
  readonly partialSnapshotsCleaned: number;
  readonly durationMs: number;
}

/** Objects are at most ~4 MiB: four in flight overlap disk or network latency without much memory. */
const objectsInFlight = 4;

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * One backup: objects first, then the encrypted database export, then the manifest. Until the manifest lands,
 * the snapshot is partial: the next run (or prune) deletes its files, and every earlier snapshot stays valid
 * because objects are only ever added.
 */
export async function runBackup(source: BackupSource, target: BackupTarget, now: () => number = Date.now): Promise<BackupReport> {
  if (!source.recipient)
    throw new BackupError('backup.recipient_missing', 'Set COFFER_BACKUP_RECIPIENT to the age public key (age1…) backups are encrypted to.');
  checkRecipient(source.recipient);
  const started = now();
  const partialSnapshotsCleaned = await cleanPartialSnapshots(target);
  const id = newSnapshotId(started);
  const data = await exportDatabase(source.database);
  const content = indexContent(data);

  let objectsCopied = 0;
  let bytesCopied = 0;
  let objectBytes = 0;
  for (const size of content.objects.values()) objectBytes += size;
  await inParallel(content.objects.keys(), objectsInFlight, async (key) => {
    if (await target.objects.stat(key)) return;
    const bytes = await source.blobs.get(key);
    // A damaged source object must not become a "good" backup: the key is the hash of the bytes.
    if (sha256(bytes) !== key)
      throw new BackupError('backup.snapshot_damaged', `Stored object ${key} does not match its hash; check the storage before backing up.`);
    await target.objects.put(key, bytes);
    objectsCopied += 1;
    bytesCopied += bytes.length;
  });

  const objectList = encodeObjectList(content.objects);
  await target.files.put(snapshotFiles.objects(id), objectList);
  const database = await encryptTo(source.recipient, gzipSync(encodeExport(data)));
  await target.files.put(snapshotFiles.database(id), database);
  const serverKeys = source.serverKeys && source.serverKeys.size > 0 ? await writeServerKeys(target, id, source.recipient, source.serverKeys) : undefined;
  const manifest: SnapshotManifest = {
    format: manifestFormat,
    version: 1,
    id,
    createdAt: new Date(data.takenAt).toISOString(),
    cofferVersion: source.cofferVersion,
    database: {
      file: snapshotFiles.database(id),
      sha256: sha256(database),
      bytes: database.length,
      migrations: data.migrations,
      sourceDialect: data.sourceDialect,
      rows: Object.fromEntries(data.tables.map((t) => [t.name, t.rows.length])),
    },
    objects: { file: snapshotFiles.objects(id), sha256: sha256(objectList), count: content.objects.size, bytes: objectBytes },
    ...(serverKeys ? { serverKeys } : {}),
  };
  await target.files.put(snapshotFiles.manifest(id), await encryptTo(source.recipient, encodeManifest(manifest)));
  return {
    snapshotId: id,
    objects: content.objects.size,
    objectBytes,
    objectsCopied,
    bytesCopied,
    databaseBytes: database.length,
    partialSnapshotsCleaned,
    durationMs: now() - started,
  };
}
