import { assertDatabaseEmpty, DatabaseNotEmptyError, importDatabase, UnknownMigrationError, type DatabaseLocation } from '../../db/index.js';
import type { BackupTarget, BlobStore } from '../../storage/index.js';
import { BackupError } from './backup-error.js';
import { indexContent } from './object-uses.js';
import { openSnapshot } from './snapshot-reader.js';
import { checkObject, type ObjectProblem } from './verify-snapshot.js';
import { createHash } from 'node:crypto';

export interface RestoreRequest {
  readonly target: BackupTarget;
  readonly snapshotId: string;
  readonly identities: readonly string[];
  readonly database: DatabaseLocation;
  readonly blobs: BlobStore;
  /** Restore everything else when objects are missing or corrupt, and report them; otherwise refuse. */
  readonly allowMissing: boolean;
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
  const content = indexContent(snapshot.data);

  const problems: ObjectProblem[] = [];
  const written: string[] = [];
  let bytesRestored = 0;
  for (const key of content.objects.keys()) {
    let bytes: Buffer | undefined;
    const problem = await checkObject(target, key);
    if (!problem) {
      bytes = await target.objects.get(key);
      // Checked above, but the copy is what gets written: hash what is written.
      if (createHash('sha256').update(bytes).digest('hex') !== key) bytes = undefined;
    }
    if (!bytes) {
      problems.push({ key, problem: problem ?? 'corrupt', usedBy: content.uses.get(key) ?? [] });
      continue;
    }
    await blobs.put(key, bytes);
    written.push(key);
    bytesRestored += bytes.length;
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
  return { snapshotId, objectsRestored: written.length, bytesRestored, rows: snapshot.manifest.database.rows, objectProblems: problems };
}

/** One line per object: its key, what is wrong, and the file and version ids that use it (never names). */
export function describeProblems(problems: readonly ObjectProblem[]): string {
  return problems
    .map((p) => `  object ${p.key} ${p.problem}; used by ${p.usedBy.map((u) => `file ${u.fileId} version ${u.versionId}`).join(', ') || 'no version'}`)
    .join('\n');
}
