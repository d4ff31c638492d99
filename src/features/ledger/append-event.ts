import { CofferError } from '../../domain/index.js';
import { leafHash, nodeHash } from '../../crypto/index.js';
import type { Repositories } from '../../db/index.js';
import { encodeEntry } from './entry-codec.js';
import { contentEventTypes, type LedgerEvent } from './ledger-event.js';

/**
 * The one door through which features record events: call it with the repositories of the transaction that makes
 * the change, as its last statement, so the entry commits or rolls back with the change. Taking the index locks the
 * log's head row until that transaction ends; appending last keeps that lock short and always taken last (no
 * deadlock with the feature's own row locks).
 */
export async function appendEvent(repos: Repositories, event: LedgerEvent, time = Date.now()): Promise<number> {
  const index = await repos.ledger.reserveIndex();
  const entry = encodeEntry({ ...event, index, time });
  const leaf = leafHash(entry);
  const versionId = contentEventTypes.includes(event.type) ? (event.attributes.versionId ?? null) : null;
  await repos.ledger.insertEntry({ idx: index, event_type: event.type, leaf_hash: leaf, entry, version_id: versionId, created_at: time });
  // Store every perfect subtree this leaf completes: its hash never changes once the subtree is full.
  await repos.ledger.insertNode(0, index, leaf);
  let level = 0;
  let position = index;
  let hash = leaf;
  while (position % 2 === 1) {
    const left = await repos.ledger.node(level, position - 1);
    if (!left) throw new CofferError('ledger.integrity_failed', 'The integrity log is missing a subtree it needs to grow.');
    hash = nodeHash(left, hash);
    level += 1;
    position = (position - 1) / 2;
    await repos.ledger.insertNode(level, position, hash);
  }
  return index;
}
