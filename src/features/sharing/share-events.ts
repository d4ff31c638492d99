import { newId } from '../../domain/index.js';
import type { Store } from '../../db/index.js';

/**
 * Every grant, link, open, download and revoke is reported here, as ids only (never names, keys or secrets).
 * Today events go to the `share_events` table, which the owner reads as a share's access history; the lead
 * connects the same interface to the Merkle ledger when it lands.
 */
export type ShareEventKind =
  | 'share.granted'
  | 'share.changed'
  | 'share.revoked'
  | 'share.left'
  | 'link.created'
  | 'link.opened'
  | 'link.downloaded'
  | 'link.revoked'
  | 'request.dropped'
  | 'delivery.sent'
  | 'delivery.opened'
  | 'delivery.downloaded'
  | 'delivery.revoked';

export interface ShareEvent {
  readonly kind: ShareEventKind;
  /** The user who acted; null for an anonymous link visitor. */
  readonly actorId: string | null;
  /** The grant, link or file request id. */
  readonly subjectId: string;
  readonly nodeId: string;
  readonly ownerId: string;
}

export interface ShareEvents {
  record(event: ShareEvent): Promise<void>;
}

export class TableShareEvents implements ShareEvents {
  constructor(private readonly store: Store) {}

  async record(event: ShareEvent): Promise<void> {
    await this.store.repos.links.insertEvent({
      id: newId(),
      kind: event.kind,
      actor_id: event.actorId,
      subject_id: event.subjectId,
      node_id: event.nodeId,
      owner_id: event.ownerId,
      at: Date.now(),
    });
  }
}
