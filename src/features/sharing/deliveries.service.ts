import { CofferError, newId } from '../../domain/index.js';
import type { DeliveryRecipientRow, DeliveryRow, Repositories } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { FilesDeps } from '../files/index.js';
import type { Mailer } from '../mail/index.js';
import { deliveryMail } from './delivery-mails.js';
import type { LinksService } from './links.service.js';
import type { ShareEvents } from './share-events.js';

export interface NewDelivery {
  readonly nodeId: string;
  readonly to: readonly string[];
  readonly message?: string | undefined;
  readonly notifyOnDownload: boolean;
  readonly expiresAt?: number | null | undefined;
}

export type RecipientState = 'sending' | 'failed' | 'sent' | 'opened' | 'downloaded' | 'revoked' | 'expired';

export interface DeliveryRecipientView {
  readonly id: string;
  readonly email: string;
  readonly state: RecipientState;
  readonly sentAt: number | null;
  readonly openedAt: number | null;
  readonly downloadedAt: number | null;
  readonly revokedAt: number | null;
}

export interface DeliveryView {
  readonly id: string;
  readonly nodeId: string;
  readonly nodeType: 'file' | 'folder';
  readonly notifyOnDownload: boolean;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
  readonly createdAt: number;
  readonly recipients: DeliveryRecipientView[];
}

/** Without an expiry of the sender's choosing, a delivery link works for 30 days. */
export const defaultDeliveryLifetimeMs = 30 * 24 * 60 * 60_000;
const plausibleEmail = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;]+$/;

/**
 * Secure delivery by email, on the sender's side: one link per recipient (its own secret, kept only in the mailed URL
 * fragment), a mail to each, and per recipient the times the sender sees. The link secrets are never stored: after
 * the mails are sent only the recipients' mailboxes hold them.
 */
export class DeliveriesService {
  constructor(
    private readonly files: FilesDeps,
    private readonly links: LinksService,
    private readonly mailer: Mailer,
    private readonly events: ShareEvents,
    private readonly publicUrl: string,
  ) {}

  private get repos(): Repositories {
    return this.files.store.repos;
  }

  async send(auth: AuthContext, request: NewDelivery): Promise<DeliveryView> {
    const to = [...new Set(request.to.map((email) => email.trim().toLowerCase()))];
    if (to.length === 0 || to.some((email) => !plausibleEmail.test(email) || email.length > 254))
      throw new CofferError('request.invalid', 'Every recipient must be a valid email address.');
    const sender = await this.repos.users.findById(auth.userId);
    if (!sender) throw new CofferError('auth.required');
    const now = Date.now();
    const expiresAt = request.expiresAt === undefined ? now + defaultDeliveryLifetimeMs : request.expiresAt;
    // Links first: a node the sender cannot read (404) or share (400) fails here, before anything is stored for the delivery.
    const created = [];
    for (const email of to) created.push({ email, ...(await this.links.create(auth, { nodeId: request.nodeId, expiresAt, allowDownload: true })) });
    const delivery: DeliveryRow = {
      id: newId(),
      owner_id: auth.userId,
      node_id: request.nodeId,
      node_type: created[0]!.link.nodeType,
      notify_on_download: request.notifyOnDownload ? 1 : 0,
      expires_at: expiresAt,
      revoked_at: null,
      created_at: now,
    };
    const recipients = created.map(({ email, link }) => ({ ...emptyRecipient(delivery.id, email), link_id: link.id }));
    try {
      await this.files.store.transaction(async (repos) => {
        await repos.deliveries.insert(delivery);
        for (const row of recipients) await repos.deliveries.insertRecipient(row);
      });
    } catch (err) {
      // Until the recipient rows exist the links would open without a code: destroy them (nobody has their secrets yet).
      for (const { link } of created) await this.links.revoke(auth, link.id);
      throw err;
    }
    for (const [index, row] of recipients.entries()) {
      const secret = created[index]!.secret.toString('base64url');
      const url = `${this.publicUrl}/s/${row.link_id}#${secret}`;
      const ok = await this.mailer.send(deliveryMail(row.email, sender.email, request.message, url, expiresAt)).then(
        () => true,
        () => false,
      );
      await this.repos.deliveries.markSent(row.id, Date.now(), ok);
      if (ok) await this.events.record({ kind: 'delivery.sent', actorId: auth.userId, subjectId: row.link_id, nodeId: delivery.node_id, ownerId: auth.userId });
    }
    return this.get(auth, delivery.id);
  }

  async list(auth: AuthContext, nodeId: string | undefined): Promise<DeliveryView[]> {
    const rows = (await this.repos.deliveries.listForOwner(auth.userId)).filter((d) => nodeId === undefined || d.node_id === nodeId);
    const recipients = await this.repos.deliveries.recipients(rows.map((r) => r.id));
    return rows.map((row) => viewOf(row, recipients));
  }

  async get(auth: AuthContext, id: string): Promise<DeliveryView> {
    const row = await this.owned(auth, id);
    return viewOf(row, await this.repos.deliveries.recipients([row.id]));
  }

  /** Ends every recipient's access at once: their wrapped keys are destroyed and their tickets deleted. */
  async revoke(auth: AuthContext, id: string): Promise<void> {
    const row = await this.owned(auth, id);
    for (const recipient of await this.repos.deliveries.recipients([row.id])) await this.revokeOne(auth, row, recipient);
    await this.repos.deliveries.revoke(row.id, Date.now());
  }

  async revokeRecipient(auth: AuthContext, id: string, recipientId: string): Promise<void> {
    const row = await this.owned(auth, id);
    const recipient = (await this.repos.deliveries.recipients([row.id])).find((r) => r.id === recipientId);
    if (!recipient) throw new CofferError('delivery.not_found');
    await this.revokeOne(auth, row, recipient);
  }

  private async revokeOne(auth: AuthContext, delivery: DeliveryRow, recipient: DeliveryRecipientRow): Promise<void> {
    if (recipient.revoked_at !== null) return;
    await this.repos.deliveries.revokeRecipient(recipient.id, Date.now());
    await this.links.revoke(auth, recipient.link_id);
    await this.events.record({
      kind: 'delivery.revoked',
      actorId: auth.userId,
      subjectId: recipient.link_id,
      nodeId: delivery.node_id,
      ownerId: delivery.owner_id,
    });
  }

  private async owned(auth: AuthContext, id: string): Promise<DeliveryRow> {
    const row = await this.repos.deliveries.findById(id);
    if (!row || row.owner_id !== auth.userId) throw new CofferError('delivery.not_found');
    return row;
  }
}

function emptyRecipient(deliveryId: string, email: string): DeliveryRecipientRow {
  return {
    id: newId(),
    delivery_id: deliveryId,
    link_id: '',
    email,
    sent_at: null,
    send_failed_at: null,
    code_verifier: null,
    code_expires_at: null,
    code_sent_at: null,
    code_failures: 0,
    opened_at: null,
    downloaded_at: null,
    revoked_at: null,
  };
}

function stateOf(delivery: DeliveryRow, r: DeliveryRecipientRow, now: number): RecipientState {
  if (r.revoked_at !== null || delivery.revoked_at !== null) return 'revoked';
  if (r.downloaded_at !== null) return 'downloaded';
  if (delivery.expires_at !== null && delivery.expires_at <= now) return 'expired';
  if (r.opened_at !== null) return 'opened';
  if (r.sent_at !== null) return 'sent';
  return r.send_failed_at !== null ? 'failed' : 'sending';
}

function viewOf(row: DeliveryRow, recipients: readonly DeliveryRecipientRow[]): DeliveryView {
  const now = Date.now();
  return {
    id: row.id,
    nodeId: row.node_id,
    nodeType: row.node_type,
    notifyOnDownload: row.notify_on_download === 1,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
    recipients: recipients
      .filter((r) => r.delivery_id === row.id)
      .map((r) => ({
        id: r.id,
        email: r.email,
        state: stateOf(row, r, now),
        sentAt: r.sent_at,
        openedAt: r.opened_at,
        downloadedAt: r.downloaded_at,
        revokedAt: r.revoked_at ?? row.revoked_at,
      })),
  };
}
