import type { DavLock } from '../../features/dav/index.js';
import { etagOf, type DavRequest, type Resolved } from './dav-context.js';
import { DavError } from './dav-error.js';
import { parentOf, parseDavPath, type DavPath } from './dav-paths.js';
import { parseIfHeader, submittedTokens, type IfList } from './dav-if-header.js';

/** A node a request changes: `descendants` when the change reaches everything below it (DELETE, MOVE). */
export interface Guarded {
  readonly nodeId: string;
  readonly descendants: boolean;
}

/**
 * The preconditions of a state-changing request, in RFC 4918 order: the If header must hold (412), and
 * every lock on what the request changes needs its token submitted (423). HTTP's If-Match and
 * If-None-Match are checked against the target's ETag (412).
 */
export async function checkConditions(dav: DavRequest, target: Resolved | undefined, guarded: readonly Guarded[]): Promise<void> {
  checkHttpConditions(dav, target);
  const locks: DavLock[] = [];
  for (const g of guarded) locks.push(...(await dav.services.davLocks.covering(dav.auth, g.nodeId, { descendants: g.descendants })));
  const header = dav.header('if');
  const lists = header !== undefined ? parseIfHeader(header) : [];
  const submitted = submittedTokens(lists);
  const holdsLock = locks.length === 0 || locks.some((l) => submitted.has(l.token));
  if (lists.length > 0 && !(await anyListHolds(dav, lists))) {
    const realTokens = [...submitted].some((t) => t !== 'DAV:no-lock');
    if (!holdsLock && realTokens) throw new DavError(423, 'This item is locked and the If header names no lock on it.', 'lock-token-submitted');
    throw new DavError(412, 'The If header does not hold.');
  }
  if (!holdsLock) throw new DavError(423, 'This item is locked. Send its lock token in an If header.', 'lock-token-submitted');
}

export function checkHttpConditions(dav: DavRequest, target: Resolved | undefined): void {
  const ifMatch = dav.header('if-match');
  const ifNoneMatch = dav.header('if-none-match');
  const etag = target ? etagOf(target.node) : undefined;
  if (ifMatch !== undefined && !matches(ifMatch, etag)) throw new DavError(412, 'If-Match does not hold.');
  if (ifNoneMatch !== undefined && matches(ifNoneMatch, etag)) throw new DavError(412, 'If-None-Match does not hold.');
}

export function matches(header: string, etag: string | undefined): boolean {
  if (etag === undefined) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim().replace(/^W\//, '');
    return value === '*' || value === etag;
  });
}

async function anyListHolds(dav: DavRequest, lists: readonly IfList[]): Promise<boolean> {
  for (const list of lists) {
    const path = list.resource === undefined ? dav.path : taggedPath(list.resource);
    const resolved = path ? await dav.find(path) : undefined;
    const locks = resolved ? await dav.services.davLocks.covering(dav.auth, resolved.node.id) : path ? await locksOverUnmapped(dav, path) : [];
    const etag = resolved ? etagOf(resolved.node) : undefined;
    const holds = list.conditions.every((c) => {
      const value = c.token !== undefined ? locks.some((l) => l.token === c.token) : c.etag === etag;
      return c.not ? !value : value;
    });
    if (holds) return true;
  }
  return false;
}

/** An address where nothing exists yet is covered by the depth-infinity locks of the folders above it. */
async function locksOverUnmapped(dav: DavRequest, path: DavPath): Promise<DavLock[]> {
  if (path.segments.length === 0) return [];
  const parent = await dav.find(parentOf(path));
  if (!parent) return [];
  return (await dav.services.davLocks.covering(dav.auth, parent.node.id)).filter((l) => l.depth === 'infinity');
}

function taggedPath(resource: string): DavPath | undefined {
  try {
    return parseDavPath(new URL(resource, 'http://placeholder.invalid').pathname);
  } catch {
    return undefined;
  }
}
