import type { CopyState } from '../../storage/index.js';

/** What a scrub can find. Problems name ids and object keys only, never file names or contents. */
export type ScrubProblemKind =
  /** A replica lacks an object a version needs. */
  | 'object-missing'
  /** A replica holds bytes whose SHA-256 is not the object's key (bit rot, truncation, extension, swap, rollback). */
  | 'object-corrupt'
  /** A replica could not be read (backend down or refusing). */
  | 'object-unreachable'
  /** A version's object list does not hash to its recorded Merkle root (a database edit). */
  | 'merkle-mismatch'
  /** A version's object count or sizes do not fit its size (a database edit). */
  | 'layout-mismatch'
  /** An object no version uses is damaged; garbage collection removes it, nothing to repair. */
  | 'unreferenced-corrupt';

export interface ScrubProblem {
  readonly kind: ScrubProblemKind;
  readonly fileId?: string;
  readonly versionId?: string;
  readonly objectKey?: string;
  /** The backend's description (never its credentials). */
  readonly backend?: string;
  /** True when a good replica was copied over the bad one. */
  readonly repaired: boolean;
}

export interface BackendScrubFigures {
  readonly description: string;
  /** Objects the backend listed. */
  objects: number;
  bytesVerified: number;
  missing: number;
  corrupt: number;
  unreachable: number;
  repaired: number;
}

export interface ScrubReport {
  readonly id: string;
  readonly startedAt: number;
  finishedAt: number;
  versionsChecked: number;
  /** Distinct objects that versions use, each checked on every backend. */
  objectsChecked: number;
  /** Objects on some backend that no version uses (garbage collection's to remove). */
  unreferencedObjects: number;
  bytesVerified: number;
  /** bytesVerified per second of the run, in MB (10^6 bytes). */
  megabytesPerSecond: number;
  repaired: number;
  /** Problems still there after the scrub: no good copy existed, a write failed, or the database disagrees. */
  unrepaired: number;
  readonly backends: BackendScrubFigures[];
  /** The first `maxListedProblems`; `problemsOmitted` counts the rest. */
  readonly problems: ScrubProblem[];
  problemsOmitted: number;
}

export const maxListedProblems = 500;

export function problemKindFor(state: Exclude<CopyState, 'good'>): ScrubProblemKind {
  return state === 'missing' ? 'object-missing' : state === 'corrupt' ? 'object-corrupt' : 'object-unreachable';
}

export function recordProblem(report: ScrubReport, problem: ScrubProblem): void {
  if (!problem.repaired) report.unrepaired += 1;
  if (report.problems.length < maxListedProblems) report.problems.push(problem);
  else report.problemsOmitted += 1;
}
