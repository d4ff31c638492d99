import { CofferError, newId, type Role } from '../../domain/index.js';
import { randomKey, secretVerifier, verifiersEqual } from '../../crypto/index.js';
import type { Store, UserRow } from '../../db/index.js';
import type { BlobStore } from '../../storage/index.js';
import type { Mailer } from '../mail/index.js';
import type { AccountsService } from './accounts.service.js';
import { normalizeEmail } from './accounts.service.js';
import type { Clock } from './clock.js';
import type { FactorsService } from './factors.service.js';
import type { SecurityEvents } from './security-events.js';

const invitationLabel = 'coffer/v1/invitation';
const invitationLifetimeMs = 7 * 24 * 3_600_000;

export interface ServerHealth {
  readonly users: number;
  readonly usedBytes: number;
  readonly database: 'ok' | 'failing';
  readonly storage: 'ok' | 'failing';
}

/**
 * What administrators do beyond the plain user list: delete, reset second factors, invite, see storage and health.
 * Nothing here reads a node's name or content: only counts, sizes and account metadata.
 */
export class AdminService {
  constructor(
    private readonly store: Store,
    private readonly blobs: BlobStore,
    private readonly accounts: AccountsService,
    private readonly factors: FactorsService,
    private readonly mailer: Mailer,
    private readonly events: SecurityEvents,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly defaultQuotaBytes: number,
  ) {}

  async deleteUser(actorId: string, userId: string): Promise<void> {
    if (actorId === userId) throw new CofferError('auth.forbidden', 'You cannot delete your own account.');
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw new CofferError('user.not_found');
    await this.store.transaction(async (repos) => {
      await repos.nodes.deleteAllOf(userId);
      await repos.users.delete(userId);
    });
    await this.events.record('user.deleted', userId);
  }

  async resetFactors(userId: string): Promise<void> {
    const user = await this.requireUser(userId);
    await this.factors.resetAll(userId);
    await this.events.record('user.factors_reset', userId);
    await this.tell(user.email, 'Your Coffer second factors were reset', [
      'An administrator removed the second factors (authenticator app, email codes, recovery codes) of your Coffer account.',
      'You now sign in with your password alone. Set up a second factor again in your settings.',
    ]);
  }

  /**
   * Sets a new password without the recovery key. The API requires `confirmDataLoss`; the person is told by mail
   * before the reset runs that files stored so far can no longer be read.
   */
  async resetPassword(actorId: string, userId: string, newPassword: string, confirmDataLoss: boolean): Promise<string> {
    if (!confirmDataLoss) throw new CofferError('user.confirmation_required');
    if (actorId === userId) throw new CofferError('auth.forbidden', 'Change your own password with your current password or recovery key.');
    const user = await this.requireUser(userId);
    await this.tell(user.email, 'Your Coffer password is being reset by an administrator', [
      'An administrator is resetting the password of your Coffer account without your recovery key.',
      'Because Coffer encrypts your files with keys only your password or recovery key can open,',
      'the files stored so far can no longer be read and are removed. Your account stays usable with the new password.',
    ]);
    const recoveryKey = await this.accounts.resetWithoutRecoveryKey(userId, newPassword);
    await this.events.record('user.password_reset_by_admin', userId);
    return recoveryKey;
  }

  async health(): Promise<ServerHealth> {
    let totals = { users: 0, usedBytes: 0 };
    let database: ServerHealth['database'] = 'ok';
    let storage: ServerHealth['storage'] = 'ok';
    try {
      totals = await this.store.repos.users.totals();
    } catch {
      database = 'failing';
    }
    try {
      await this.blobs.stat('0'.repeat(64));
    } catch {
      storage = 'failing';
    }
    return { ...totals, database, storage };
  }

  /** Mails a link with a one-time token; only its verifier is stored. */
  async invite(actorId: string, rawEmail: string, role: Role): Promise<{ id: string; expiresAt: number }> {
    const email = normalizeEmail(rawEmail);
    if (await this.store.repos.users.findByEmail(email)) throw new CofferError('user.email_taken');
    const id = newId();
    const secret = randomKey();
    const now = this.clock.now();
    const expiresAt = now + invitationLifetimeMs;
    await this.store.repos.security.insertInvitation({
      id,
      email,
      role,
      token_verifier: secretVerifier(secret, invitationLabel),
      invited_by: actorId,
      created_at: now,
      expires_at: expiresAt,
    });
    const token = `${id}.${secret.toString('base64url')}`;
    await this.tell(
      email,
      'You are invited to Coffer',
      [
        'You were invited to an encrypted Coffer drive. Open this link within 7 days to choose your password:',
        `${this.publicUrl}/invite#token=${token}`,
        '',
        'With the command line: coffer invite accept --server ' + this.publicUrl + ' --token ' + token,
      ],
      true,
    );
    await this.events.record('user.invited', null, { role });
    return { id, expiresAt };
  }

  async acceptInvitation(token: string, password: string): Promise<{ user: UserRow; recoveryKey: string }> {
    const [id = '', encoded = ''] = token.split('.');
    const invitation = /^[A-Za-z0-9_-]{43}$/.test(encoded) ? await this.store.repos.security.findInvitation(id) : undefined;
    const presented = secretVerifier(Buffer.from(encoded, 'base64url'), invitationLabel);
    if (!invitation || !verifiersEqual(presented, invitation.token_verifier) || invitation.expires_at <= this.clock.now()) {
      throw new CofferError('auth.invitation_invalid');
    }
    const created = await this.accounts.create({ email: invitation.email, password, role: invitation.role, quotaBytes: this.defaultQuotaBytes });
    await this.store.repos.security.consumeInvitation(id);
    await this.events.record('user.created', created.user.id, { via: 'invitation' });
    return created;
  }

  private async requireUser(userId: string): Promise<UserRow> {
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw new CofferError('user.not_found');
    return user;
  }

  private async tell(to: string, subject: string, lines: string[], required = false): Promise<void> {
    try {
      await this.mailer.send({ to, subject, text: lines.join('\n') });
    } catch {
      if (required) throw new CofferError('mail.unavailable');
    }
  }
}
