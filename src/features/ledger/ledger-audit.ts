import { CofferError } from '../../domain/index.js';
import { foldSubtrees, leafHash, nodeHash, openNote, parseCheckpoint } from '../../crypto/index.js';
import type { LedgerCheckpointRow, Store, SubtreeKey } from '../../db/index.js';
import { decodeEntry } from './entry-codec.js';
import type { LogKey } from './log-key.js';
import { overStoredTree } from './stored-tree.js';

export interface LedgerAuditReport {
  readonly size: number;
  readonly entriesChecked: number;
  readonly checkpointsChecked: number;
  /** Human-readable findings with entry positions; empty when the log is intact. */
  readonly problems: string[];
}

/**
 * The log tables as the audit reads them. The ledger repository is one (a live database); a database export in a
 * backup snapshot is another (see `ledgerRowsFromExport`), so `coffer backup verify` runs this same audit.
 */
export interface LedgerRows {
  size(): Promise<number>;
  checkpoints(): Promise<readonly LedgerCheckpointRow[]>;
  /** Stored entries with from <= idx < to, by idx. */
  entries(from: number, to: number): Promise<readonly { readonly idx: number; readonly entry: Buffer; readonly leaf_hash: Buffer }[]>;
  /** Stored subtree hashes by `level:index`. */
  nodes(keys: readonly SubtreeKey[]): Promise<Map<string, Buffer>>;
}

/** What checks signatures: the origin and public key pinned in `meta` (no signing key needed). */
export type LogVerifier = Pick<LogKey, 'origin' | 'publicKey'>;

const batchSize = 1000;
const maxProblems = 100;

/**
 * Recomputes the whole log from the entry bytes alone and compares it with everything stored or signed: each entry
 * decodes canonically and names its own position (catches reordering), hashes to its stored leaf hash (catches an
 * edit), positions run 0…size−1 without gaps (catches a deletion), the recomputed root at every signed checkpoint
 * equals the signed root and the signature verifies (catches an edit that also rewrote the stored hashes), and the
 * stored subtrees give the recomputed current root (what proofs are built from).
 */
export function auditLedger(store: Store, key: LogVerifier): Promise<LedgerAuditReport> {
  return auditLedgerRows(store.repos.ledger, key);
}

export async function auditLedgerRows(ledger: LedgerRows, key: LogVerifier): Promise<LedgerAuditReport> {
  const problems: string[] = [];
  const note = (text: string): void => {
    if (problems.length < maxProblems) problems.push(text);
  };
  const size = await ledger.size();
  const checkpoints = await ledger.checkpoints();
  const expectedRoots = new Map<number, Buffer>();
  for (const cp of checkpoints) {
    const text = openNote(cp.note, key.origin, key.publicKey);
    const parsed = text === null ? null : parseCheckpoint(text);
    if (!parsed || parsed.origin !== key.origin || parsed.size !== cp.size || !parsed.rootHash.equals(cp.root_hash)) {
      note(`checkpoint at size ${cp.size}: the signature or its contents do not verify`);
      continue;
    }
    if (cp.size > size) note(`checkpoint at size ${cp.size}: the log now has only ${size} entries`);
    expectedRoots.set(cp.size, parsed.rootHash);
  }

  // A compact range: the perfect subtrees of the prefix read so far, largest first.
  const stack: { level: number; hash: Buffer }[] = [];
  let next = 0;
  for (;;) {
    const rows = await ledger.entries(next, next + batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.idx !== next) note(`entry ${next}: missing (the next stored entry is ${row.idx})`);
      next = row.idx + 1;
      const leaf = leafHash(row.entry);
      if (!leaf.equals(row.leaf_hash)) note(`entry ${row.idx}: its bytes do not match its stored leaf hash`);
      try {
        if (decodeEntry(row.entry).index !== row.idx) note(`entry ${row.idx}: it names another position (reordered)`);
      } catch (err) {
        if (!(err instanceof CofferError)) throw err;
        note(`entry ${row.idx}: not a valid canonical entry`);
      }
      let top = { level: 0, hash: leaf };
      while (stack.length > 0 && stack[stack.length - 1]!.level === top.level) top = { level: top.level + 1, hash: nodeHash(stack.pop()!.hash, top.hash) };
      stack.push(top);
      const expected = expectedRoots.get(next);
      if (expected && !foldSubtrees(stack.map((s) => s.hash)).equals(expected)) note(`checkpoint at size ${next}: the entries give another root`);
    }
  }
  if (next !== size) note(`the log head says ${size} entries, the entries table ends at ${next}`);
  if (size > 0 && problems.length === 0) {
    try {
      const stored = await overStoredTree({ ledger }, (rangeHash) => rangeHash(0, size));
      if (!stored.equals(foldSubtrees(stack.map((s) => s.hash)))) note('the stored subtree hashes give another root than the entries');
    } catch (err) {
      if (!(err instanceof CofferError)) throw err;
      note('stored subtree hashes are missing');
    }
  }
  return { size, entriesChecked: next, checkpointsChecked: checkpoints.length, problems };
}
