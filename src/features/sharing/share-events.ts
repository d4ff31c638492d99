import { newId } from '../../domain/index.js';
import type { Repositories, Store } from '../../db/index.js';
import { appendEvent, shareEventAttributes, type EventAttributes, type ShareEventType } from '../ledger/index.js';

/**
 * Every grant, link, delivery, open, download and revoke is reported here, as ids only (never names, keys or
 * secrets). A kind is a ledger event type: to add one, add a line to `shareEventAttributes` in
 * features/ledger/ledger-event.ts (and a row to docs/format.md).
 */
export type ShareEventKind = ShareEventType;

export interface ShareEvent {
  readonly kind: ShareEventKind;
  /** The user who acted; null for an anonymous link visitor or uploader. */
  readonly actorId: string | null;
  /** The grant, link, file request or delivery id. */
  readonly subjectId: string;
  readonly nodeId: string;
  readonly ownerId: string;
  /** `share.granted` only: the recipient and the X25519 public key the grant was sealed to. */
  readonly recipientId?: string | undefined;
  readonly recipientPublic?: Buffer | undefined;
}

export interface ShareEvents {
  /**
   * Records the event in the access history and the integrity log. Pass the repositories of the transaction that
   * makes the change so the event commits with it; without them the event gets a transaction of its own (so never
   * call it without `repos` from inside a transaction: SQLite has one connection, and the inner one would wait).
   */
  record(event: ShareEvent, repos?: Repositories): Promise<void>;
}

/** Writes each event to `share_events` (the owner's access history) and appends it to the ledger, atomically. */
export class TableShareEvents implements ShareEvents {
  constructor(private readonly store: Store) {}

  async record(event: ShareEvent, repos?: Repositories): Promise<void> {
    if (!repos) return this.store.transaction((trx) => this.record(event, trx));
    const at = Date.now();
    await repos.links.insertEvent({
      id: newId(),
      kind: event.kind,
      actor_id: event.actorId,
      subject_id: event.subjectId,
      node_id: event.nodeId,
      owner_id: event.ownerId,
      at,
    });
    await appendEvent(repos, { type: event.kind, actorId: event.actorId, attributes: ledgerAttributes(event) }, at);
  }
}

/** Only the attributes the kind lists go into the entry; the encoder refuses a kind that lacks one. */
function ledgerAttributes(event: ShareEvent): EventAttributes {
  const all: EventAttributes = {
    subjectId: event.subjectId,
    nodeId: event.nodeId,
    ownerId: event.ownerId,
    userId: event.recipientId,
    x25519Public: event.recipientPublic,
  };
  const listed: readonly (keyof EventAttributes)[] = shareEventAttributes[event.kind];
  return Object.fromEntries(listed.map((name) => [name, all[name]])) as EventAttributes;
}
