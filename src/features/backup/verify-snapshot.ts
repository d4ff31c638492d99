import { createHash } from 'node:crypto';
import { merkleRoot } from '../../crypto/index.js';
import { BlobNotFoundError, type BackupTarget } from '../../storage/index.js';
import { inParallel } from './in-parallel.js';
import { checkLedger } from './ledger-check.js';
import { indexContent, type ObjectUse } from './object-uses.js';
import { openSnapshot, type SnapshotCheck } from './snapshot-reader.js';

export interface ObjectProblem {
  readonly key: string;
  readonly problem: 'missing' | 'corrupt';
  readonly usedBy: readonly ObjectUse[];
}

export interface VerifyReport {
  readonly snapshotId: string;
  readonly ok: boolean;
  readonly objectsChecked: number;
  readonly versionsChecked: number;
  readonly objectProblems: readonly ObjectProblem[];
  /** Versions whose Merkle root does not match their object keys (a tampered database export). */
  readonly merkleMismatches: readonly { readonly fileId: string; readonly versionId: string }[];
  /** Findings of extra checks (see `SnapshotCheck`). */
  readonly otherProblems: readonly string[];
}

export type { SnapshotCheck } from './snapshot-reader.js';

/**
 * Checks a snapshot without restoring it: manifest and export integrity, every object's hash, every version's Merkle
 * root, and the integrity log's consistency (entries, tree, signed checkpoints).
 */
export async function verifySnapshot(
  target: BackupTarget,
  id: string,
  identities: readonly string[],
  checks: readonly SnapshotCheck[] = [],
): Promise<VerifyReport> {
  const snapshot = await openSnapshot(target, id, identities);
  const content = indexContent(snapshot.data);
  const objectProblems: ObjectProblem[] = [];
  await inParallel(content.objects.keys(), 4, async (key) => {
    const problem = await checkObject(target, key);
    if (problem) objectProblems.push({ key, problem, usedBy: content.uses.get(key) ?? [] });
  });
  objectProblems.sort((a, b) => a.key.localeCompare(b.key));
  const merkleMismatches = content.versions
    .filter((v) => !merkleRoot(v.objectKeys.map((k) => Buffer.from(k, 'hex'))).equals(v.merkleRoot))
    .map(({ fileId, versionId }) => ({ fileId, versionId }));
  const otherProblems: string[] = [];
  for (const key of content.objects.keys()) if (!snapshot.objectList.has(key)) otherProblems.push(`object ${key} is missing from the snapshot's object list`);
  for (const check of [checkLedger, ...checks]) otherProblems.push(...(await check(snapshot)));
  return {
    snapshotId: id,
    ok: objectProblems.length === 0 && merkleMismatches.length === 0 && otherProblems.length === 0,
    objectsChecked: content.objects.size,
    versionsChecked: content.versions.length,
    objectProblems,
    merkleMismatches,
    otherProblems,
  };
}

export async function checkObject(target: BackupTarget, key: string): Promise<'missing' | 'corrupt' | undefined> {
  try {
    const bytes = await target.objects.get(key);
    return createHash('sha256').update(bytes).digest('hex') === key ? undefined : 'corrupt';
  } catch (err) {
    if (err instanceof BlobNotFoundError) return 'missing';
    throw err;
  }
}
