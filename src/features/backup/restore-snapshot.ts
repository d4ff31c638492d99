import { assertDatabaseEmpty, DatabaseNotEmptyError, importDatabase, UnknownMigrationError, type DatabaseLocation } from '../../db/index.js';
import { BlobNotFoundError, type BackupTarget, type BlobStore } from '../../storage/index.js';
import { readServerKeys } from './server-keys.js';
import { BackupError } from './backup-error.js';
import { indexContent } from './object-uses.js';
import { openSnapshot } from './snapshot-reader.js';
import type { ObjectProblem } from './verify-snapshot.js';
import { inParallel } from './in-parallel.js';
import { createHash } from 'node:crypto';

export interface RestoreRequest {
  readonly target: BackupTarget;
  readonly snapshotId: string;
  readonly identities: readonly string[];
  readonly database: DatabaseLocation;
  readonly blobs: BlobStore;
  /** Restore everything else when objects are missing or corrupt, and report them; otherwise refuse. */
  readonly allowMissing: boolean;
  /** Writes one of the server's key files (by role) into the new data folder, after the database is in. */
  readonly restoreServerKey?: (role: string, bytes: Buffer) => Promise<void>;
}

export interface RestoreReport {
  readonly snapshotId: string;
  readonly objectsRestored: number;
  readonly bytesRestored: number;
  readonly rows: Readonly<Record<string, number>>;
  /** Empty unless `allowMissing` was given: the objects left out, and the file versions that use them. */
  readonly objectProblems: readonly ObjectProblem[];
}

/** Restores into an empty database and an empty blob store; refuses anything else, changing nothing. */
export async function restoreSnapshot(request: RestoreRequest): Promise<RestoreReport> {
  const { target, snapshotId, database, blobs } = request;
  try {
    await assertDatabaseEmpty(database);
  } catch (err) {
    if (err instanceof DatabaseNotEmptyError) throw new BackupError('backup.target_not_empty', `${err.message} Nothing was changed.`);
    throw err;
  }
  for await (const object of blobs.list()) {
    throw new BackupError(
      'backup.target_not_empty',
      `The blob store ${blobs.description} already holds objects (e.g. ${object.key}); restore only into an empty one. Nothing was changed.`,
    );
  }
  const snapshot = await openSnapshot(target, snapshotId, request.identities);
  const serverKeys = await readServerKeys(target, snapshot.manifest, request.identities);
  const content = indexContent(snapshot.data);

  const problems: ObjectProblem[] = [];
  const written: string[] = [];
  let bytesRestored = 0;
  const copy = async (key: string): Promise<void> => {
    const read = await readChecked(target, key);
    if (typeof read === 'string') {
      problems.push({ key, problem: read, usedBy: content.uses.get(key) ?? [] });
      return;
    }
    await blobs.put(key, read);
    written.push(key);
    bytesRestored += read.length;
  };
  try {
    await inParallel(content.objects.keys(), 4, copy);
  } catch (err) {
    for (const key of written) await blobs.delete(key);
    throw err;
  }
  if (problems.length > 0 && !request.allowMissing) {
    for (const key of written) await blobs.delete(key);
    throw new BackupError(
      'backup.objects_missing',
      `Snapshot ${snapshotId} lacks ${problems.length} object(s); nothing was restored.\n${describeProblems(problems)}\nRun again with --allow-missing to restore everything else.`,
    );
  }
  try {
    await importDatabase(database, snapshot.data);
  } catch (err) {
    for (const key of written) await blobs.delete(key);
    if (err instanceof UnknownMigrationError) throw new BackupError('backup.migration_unknown', err.message);
    if (err instanceof DatabaseNotEmptyError) throw new BackupError('backup.target_not_empty', err.message);
    throw err;
  }
  for (const [role, bytes] of serverKeys) await request.restoreServerKey?.(role, bytes);
  return { snapshotId, objectsRestored: written.length, bytesRestored, rows: snapshot.manifest.database.rows, objectProblems: problems };
}

/** One line per object: its key, what is wrong, and the file and version ids that use it (never names). */
export function describeProblems(problems: readonly ObjectProblem[]): string {
  return problems
    .map((p) => `  object ${p.key} ${p.problem}; used by ${p.usedBy.map((u) => `file ${u.fileId} version ${u.versionId}`).join(', ') || 'no version'}`)
    .join('\n');
}

/** The object's bytes if present and matching their key (hashed once, on the copy that gets written); else what is wrong. */
async function readChecked(target: BackupTarget, key: string): Promise<Buffer | 'missing' | 'corrupt'> {
  try {
    const bytes = await target.objects.get(key);
    return createHash('sha256').update(bytes).digest('hex') === key ? bytes : 'corrupt';
  } catch (err) {
    if (err instanceof BlobNotFoundError) return 'missing';
    throw err;
  }
}
