import { CofferError } from '../../domain/index.js';
import { consistencyProofOver, formatCheckpoint, inclusionProofOver, leafHash, sha256, signNote, verifyInclusion } from '../../crypto/index.js';
import type { LedgerEntryRow, Store } from '../../db/index.js';
import { auditLedger, type LedgerAuditReport } from './ledger-audit.js';
import type { LogKey } from './log-key.js';
import { overStoredTree } from './stored-tree.js';

export interface SignedCheckpoint {
  readonly size: number;
  readonly rootHash: Buffer;
  /** The C2SP signed note, exactly as signed. */
  readonly note: string;
}

export interface ProvenEntry {
  readonly index: number;
  readonly entry: Buffer;
  readonly proof: Buffer[];
  readonly checkpoint: SignedCheckpoint;
}

const emptyRoot = sha256(Buffer.alloc(0));
export const maxEntriesPerPage = 1000;

/** Checkpoints, proofs and entries of the integrity log. Appends go through `appendEvent`, inside feature transactions. */
export class LedgerService {
  constructor(
    private readonly store: Store,
    readonly key: LogKey,
  ) {}

  /**
   * The checkpoint of the current tree. A new size is signed only after the stored tree is found to agree with the
   * last checkpoint this log signed (c2sp.org/tlog-checkpoint: a log must never sign two inconsistent checkpoints),
   * so a database edit of the old part of the tree, or a rolled-back head, stops signing instead of forking the log.
   */
  async checkpoint(): Promise<SignedCheckpoint> {
    const repos = this.store.repos;
    const size = await repos.ledger.size();
    const latest = await repos.ledger.latestCheckpoint();
    if (latest && latest.size > size) throw new CofferError('ledger.integrity_failed', 'The integrity log is shorter than a checkpoint it signed.');
    const [root, rootAtLatest] = await overStoredTree(repos, (rangeHash) => [
      size === 0 ? emptyRoot : rangeHash(0, size),
      latest && latest.size > 0 ? rangeHash(0, latest.size) : emptyRoot,
    ]);
    if (latest && !rootAtLatest.equals(latest.root_hash)) {
      throw new CofferError('ledger.integrity_failed', 'The stored integrity log no longer matches a checkpoint it signed.');
    }
    if (latest && latest.size === size) return { size, rootHash: latest.root_hash, note: latest.note };
    const note = signNote(formatCheckpoint({ origin: this.key.origin, size, rootHash: root }), this.key.origin, this.key.privateKey, this.key.publicKey);
    await repos.ledger.insertCheckpoint({ size, root_hash: root, note, created_at: Date.now() });
    return { size, rootHash: root, note };
  }

  async inclusionProof(index: number, size: number): Promise<Buffer[]> {
    await this.requireSize(size);
    if (index >= size) throw new CofferError('ledger.range_invalid');
    return overStoredTree(this.store.repos, (rangeHash) => inclusionProofOver(size, index, rangeHash));
  }

  async consistencyProof(oldSize: number, newSize: number): Promise<Buffer[]> {
    await this.requireSize(newSize);
    if (oldSize < 1 || oldSize > newSize) throw new CofferError('ledger.range_invalid');
    return overStoredTree(this.store.repos, (rangeHash) => consistencyProofOver(oldSize, newSize, rangeHash));
  }

  /** Entries for auditors, each checked against its stored leaf hash before it leaves. */
  async entries(from: number, limit: number): Promise<LedgerEntryRow[]> {
    const size = await this.store.repos.ledger.size();
    if (from > size) throw new CofferError('ledger.range_invalid');
    const rows = await this.store.repos.ledger.entries(from, Math.min(size, from + Math.min(limit, maxEntriesPerPage)));
    rows.forEach((row, i) => {
      if (row.idx !== from + i || !leafHash(row.entry).equals(row.leaf_hash)) {
        throw new CofferError('ledger.integrity_failed', 'A stored log entry does not match its leaf hash or position.');
      }
    });
    return rows;
  }

  /**
   * The entry that recorded `versionId`, with its inclusion proof in a fresh checkpoint. The proof is verified here
   * before it is served: an entry edited in the database never goes out looking valid.
   */
  async proveVersion(versionId: string): Promise<ProvenEntry> {
    const row = await this.store.repos.ledger.entryForVersion(versionId);
    if (!row) throw new CofferError('ledger.not_found');
    const checkpoint = await this.checkpoint();
    const proof = await this.inclusionProof(row.idx, checkpoint.size);
    if (!verifyInclusion(row.idx, checkpoint.size, leafHash(row.entry), proof, checkpoint.rootHash)) {
      throw new CofferError('ledger.integrity_failed', 'A stored log entry is not the one the signed log contains.');
    }
    return { index: row.idx, entry: row.entry, proof, checkpoint };
  }

  /** The full recomputation of `auditLedger`: slow (reads every entry), for auditors and scheduled checks. */
  audit(): Promise<LedgerAuditReport> {
    return auditLedger(this.store, this.key);
  }

  private async requireSize(size: number): Promise<void> {
    if (size < 1 || size > (await this.store.repos.ledger.size())) throw new CofferError('ledger.range_invalid');
  }
}
