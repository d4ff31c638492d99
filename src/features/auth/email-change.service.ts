import { CofferError, newId } from '../../domain/index.js';
import { randomKey, secretVerifier, verifiersEqual } from '../../crypto/index.js';
import type { Store } from '../../db/index.js';
import type { Mailer } from '../mail/index.js';
import { normalizeEmail } from './accounts.service.js';
import type { Clock } from './clock.js';

const emailChangeLabel = 'coffer/v1/email-change';
const lifetimeMs = 24 * 3_600_000;

/** Changing the sign-in address: the new address must prove it receives mail; the old one is told. */
export class EmailChangeService {
  constructor(
    private readonly store: Store,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly publicUrl: string,
  ) {}

  async request(userId: string, rawEmail: string): Promise<void> {
    const email = normalizeEmail(rawEmail);
    if (await this.store.repos.users.findByEmail(email)) throw new CofferError('user.email_taken');
    const id = newId();
    const secret = randomKey();
    await this.store.repos.security.replaceEmailChange({
      id,
      user_id: userId,
      new_email: email,
      token_verifier: secretVerifier(secret, emailChangeLabel),
      expires_at: this.clock.now() + lifetimeMs,
    });
    const token = `${id}.${secret.toString('base64url')}`;
    try {
      await this.mailer.send({
        to: email,
        subject: 'Confirm your new Coffer address',
        text: [
          'Someone asked to use this address for a Coffer account. Open this link within 24 hours to confirm:',
          `${this.publicUrl}/confirm-email#token=${token}`,
          '',
          'If this was not you, ignore this mail.',
        ].join('\n'),
      });
    } catch {
      throw new CofferError('mail.unavailable');
    }
  }

  async confirm(token: string): Promise<void> {
    const [id = '', encoded = ''] = token.split('.');
    const change = /^[A-Za-z0-9_-]{43}$/.test(encoded) ? await this.store.repos.security.findEmailChange(id) : undefined;
    if (
      !change ||
      !verifiersEqual(secretVerifier(Buffer.from(encoded, 'base64url'), emailChangeLabel), change.token_verifier) ||
      change.expires_at <= this.clock.now()
    ) {
      throw new CofferError('auth.invitation_invalid', 'The confirmation link is invalid, expired or was already used.');
    }
    const user = await this.store.repos.users.findById(change.user_id);
    if (!user) throw new CofferError('auth.invitation_invalid');
    if (await this.store.repos.users.findByEmail(change.new_email)) throw new CofferError('user.email_taken');
    await this.store.transaction(async (repos) => {
      if (!(await repos.security.consumeEmailChange(change.id))) throw new CofferError('auth.invitation_invalid');
      await repos.users.update(user.id, { email: change.new_email, updated_at: this.clock.now() });
    });
    try {
      await this.mailer.send({
        to: user.email,
        subject: 'Your Coffer address was changed',
        text: `The sign-in address of your Coffer account is now ${change.new_email}. If this was not you, contact your administrator at once.`,
      });
    } catch {
      // The change is done; the notice is best effort.
    }
  }
}
