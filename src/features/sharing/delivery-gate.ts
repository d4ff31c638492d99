import { CofferError } from '../../domain/index.js';
import { verifiersEqual } from '../../crypto/index.js';
import type { DeliveryRecipientRow, LinkRow, Repositories, Store } from '../../db/index.js';
import { refuseWhileBlocked, type AttemptCounter } from '../auth/index.js';
import type { Mailer } from '../mail/index.js';
import {
  deliveryCodeLifetimeMs,
  deliveryCodeResendCooldownMs,
  deliveryCodeVerifier,
  maskEmail,
  maxDeliveryCodeFailures,
  newDeliveryCode,
} from './delivery-codes.js';
import { deliveryCodeMail, deliveryDownloadedMail } from './delivery-mails.js';
import type { ShareEvents } from './share-events.js';

/** Failures (wrong codes) and sends (new codes), each counted per recipient and per client address. */
export interface DeliveryLimiters {
  readonly codeByRecipient: AttemptCounter;
  readonly codeByAddress: AttemptCounter;
  readonly sendByRecipient: AttemptCounter;
  readonly sendByAddress: AttemptCounter;
}

export interface CodeSent {
  readonly sentTo: string;
  /** False when a code sent less than a minute ago is still valid: nothing new was sent. */
  readonly sent: boolean;
  readonly resendAfterSeconds: number;
  readonly expiresAt: number;
}

/** What LinkAccessService asks before releasing a link's wrapped key, and tells after a download. */
export interface LinkGate {
  admit(link: LinkRow, access: Buffer, code: string | undefined, clientAddress: string): Promise<void>;
  sendCode(link: LinkRow, access: Buffer, clientAddress: string): Promise<CodeSent>;
  downloadCompleted(link: LinkRow): Promise<void>;
}

/**
 * The one-time code step of a delivery link (docs/sharing.md, "Secure delivery"). The caller has already proven the
 * link secret; a delivery link then also needs a code mailed to its recipient's address at that moment. Codes are
 * single use, expire after 10 minutes, die after 5 wrong tries, and failures are rate-limited per recipient and
 * per client address. Plain links pass straight through.
 */
export class DeliveryGate implements LinkGate {
  constructor(
    private readonly store: Store,
    private readonly mailer: Mailer,
    private readonly limiters: DeliveryLimiters,
    private readonly events: ShareEvents,
    private readonly now: () => number = Date.now,
  ) {}

  private get repos(): Repositories {
    return this.store.repos;
  }

  async admit(link: LinkRow, access: Buffer, code: string | undefined, clientAddress: string): Promise<void> {
    const recipient = await this.liveRecipient(link);
    if (!recipient) return;
    if (!code) throw new CofferError('delivery.code_required', undefined, { sentTo: maskEmail(recipient.email) });
    const { codeByRecipient, codeByAddress } = this.limiters;
    const recipientKey = `recipient:${recipient.id}`;
    const addressKey = `address:${clientAddress}`;
    await refuseWhileBlocked(codeByRecipient, recipientKey);
    await refuseWhileBlocked(codeByAddress, addressKey);
    const now = this.now();
    const stored = recipient.code_verifier;
    // The try is spent in the database before the comparison: the limiters are checked and counted with requests in
    // between, so a burst of parallel guesses gets past them together, but not past the code's own 5 tries.
    const tries = stored !== null ? await this.repos.deliveries.takeCodeTry(recipient.id, stored, now, maxDeliveryCodeFailures) : undefined;
    const matches = verifiersEqual(deliveryCodeVerifier(access, recipient.id, code), stored ?? Buffer.alloc(32));
    if (stored === null || tries === undefined || !matches) {
      await Promise.all([codeByRecipient.fail(recipientKey), codeByAddress.fail(addressKey)]);
      if (stored === null || tries === undefined) throw new CofferError('delivery.code_expired');
      if (tries >= maxDeliveryCodeFailures) await this.repos.deliveries.destroyCode(recipient.id, stored);
      throw new CofferError(tries >= maxDeliveryCodeFailures ? 'delivery.code_expired' : 'delivery.code_invalid');
    }
    // Conditional on the exact verifier: of two requests racing with the same code, one wins.
    if (!(await this.repos.deliveries.consumeCode(recipient.id, stored, now))) throw new CofferError('delivery.code_expired');
    await codeByRecipient.succeed(recipientKey);
    if (await this.repos.deliveries.markFirst(recipient.id, 'opened_at', now)) await this.record('delivery.opened', link);
  }

  async sendCode(link: LinkRow, access: Buffer, clientAddress: string): Promise<CodeSent> {
    const recipient = await this.liveRecipient(link);
    if (!recipient) throw new CofferError('link.not_found');
    const now = this.now();
    const pending = codeOnItsWay(recipient, now);
    if (pending) return pending;
    const { sendByRecipient, sendByAddress } = this.limiters;
    const recipientKey = `recipient:${recipient.id}`;
    const addressKey = `address:${clientAddress}`;
    await refuseWhileBlocked(sendByRecipient, recipientKey);
    await refuseWhileBlocked(sendByAddress, addressKey);
    const code = newDeliveryCode();
    const expiresAt = now + deliveryCodeLifetimeMs;
    const state = { code_verifier: deliveryCodeVerifier(access, recipient.id, code), code_expires_at: expiresAt, code_sent_at: now, code_failures: 0 };
    // The limiters are checked and counted with requests in between, so a burst gets past them together; the
    // conditional update lets one request of a burst per recipient send, and the others answer as if just after it.
    if (!(await this.repos.deliveries.setCode(recipient.id, state, recipient.code_sent_at))) {
      const current = await this.repos.deliveries.recipientByLink(link.id);
      const winner = current && codeOnItsWay(current, this.now());
      if (winner) return winner;
      // The code that won is already gone again (used, or the recipient revoked): this request may simply try again.
      throw new CofferError('auth.rate_limited', undefined, { retryAfterSeconds: 1 });
    }
    await Promise.all([sendByRecipient.fail(recipientKey), sendByAddress.fail(addressKey)]);
    await this.mailer.send(deliveryCodeMail(recipient.email, code));
    return { sentTo: maskEmail(recipient.email), sent: true, resendAfterSeconds: deliveryCodeResendCooldownMs / 1000, expiresAt };
  }

  async downloadCompleted(link: LinkRow): Promise<void> {
    const recipient = await this.repos.deliveries.recipientByLink(link.id);
    if (!recipient) return;
    const now = this.now();
    if (!(await this.repos.deliveries.markFirst(recipient.id, 'downloaded_at', now))) return;
    await this.record('delivery.downloaded', link);
    const delivery = await this.repos.deliveries.findById(recipient.delivery_id);
    const sender = delivery?.notify_on_download === 1 ? await this.repos.users.findById(delivery.owner_id) : undefined;
    if (sender) await this.mailer.send(deliveryDownloadedMail(sender.email, recipient.email, now));
  }

  /** The recipient of a delivery link, or undefined for a plain link; revoked ones are "not found" like the link. */
  private async liveRecipient(link: LinkRow): Promise<DeliveryRecipientRow | undefined> {
    const recipient = await this.repos.deliveries.recipientByLink(link.id);
    if (!recipient) return undefined;
    const delivery = await this.repos.deliveries.findById(recipient.delivery_id);
    if (!delivery || delivery.revoked_at !== null || recipient.revoked_at !== null) throw new CofferError('link.not_found');
    return recipient;
  }

  private async record(kind: 'delivery.opened' | 'delivery.downloaded', link: LinkRow): Promise<void> {
    await this.events.record({ kind, actorId: null, subjectId: link.id, nodeId: link.node_id, ownerId: link.owner_id });
  }
}

/** The answer while a code sent less than a minute ago is still valid (nothing new is sent); undefined otherwise. */
function codeOnItsWay(recipient: DeliveryRecipientRow, now: number): CodeSent | undefined {
  const sinceLast = Math.max(0, now - (recipient.code_sent_at ?? 0));
  if (recipient.code_verifier === null || (recipient.code_expires_at ?? 0) <= now || sinceLast >= deliveryCodeResendCooldownMs) return undefined;
  return {
    sentTo: maskEmail(recipient.email),
    sent: false,
    resendAfterSeconds: Math.ceil((deliveryCodeResendCooldownMs - sinceLast) / 1000),
    expiresAt: recipient.code_expires_at ?? now,
  };
}
