import { CofferError, newId } from '../../domain/index.js';
import { randomKey, secretVerifier, verifiersEqual } from '../../crypto/index.js';
import type { GuestInvitationRow, Repositories, UserRow } from '../../db/index.js';
import { normalizeEmail, refuseWhileBlocked, type AccountsService, type AttemptCounter, type AuthContext } from '../auth/index.js';
import type { FilesDeps } from '../files/index.js';
import type { Permission, SharesService } from './shares.service.js';

export const guestTokenLabel = 'coffer/v1/guest-invitation';
const invitationLifetimeMs = 7 * 24 * 60 * 60_000;
const dummyVerifier = secretVerifier(randomKey(), guestTokenLabel);

/**
 * Guests: someone without an account is invited (no mail yet: the inviter passes the token on), creates a guest
 * account with it, and so gets the X25519 key a share can be sealed to. Sealing needs the inviter's session, so the
 * share itself is made by `complete`, which the inviter's client calls (the CLI and, later, the web app on sign-in).
 */
export class GuestInvitationsService {
  constructor(
    private readonly files: FilesDeps,
    private readonly accounts: AccountsService,
    private readonly shares: SharesService,
    private readonly guessLimiter: AttemptCounter,
    private readonly guestQuotaBytes: number,
  ) {}

  private get repos(): Repositories {
    return this.files.store.repos;
  }

  async invite(auth: AuthContext, request: { email: string; nodeId?: string | undefined; permission?: Permission | undefined }) {
    const email = normalizeEmail(request.email);
    if (await this.repos.users.findByEmail(email)) throw new CofferError('user.email_taken', 'This person already has an account: share with them directly.');
    if (request.nodeId) await this.files.keyChain(auth).liveNode(request.nodeId);
    const token = randomKey();
    const now = Date.now();
    const row: GuestInvitationRow = {
      id: newId(),
      inviter_id: auth.userId,
      email,
      token_verifier: secretVerifier(token, guestTokenLabel),
      node_id: request.nodeId ?? null,
      permission: request.nodeId ? (request.permission ?? 'read') : null,
      accepted_user_id: null,
      expires_at: now + invitationLifetimeMs,
      created_at: now,
    };
    await this.repos.fileRequests.insertInvitation(row);
    return { invitation: row, token };
  }

  list(auth: AuthContext): Promise<GuestInvitationRow[]> {
    return this.repos.fileRequests.listInvitations(auth.userId);
  }

  /** Creates the guest account for the invited address. Unknown, wrong, used and expired invitations look alike. */
  async accept(id: string, token: Buffer, password: string, clientAddress: string): Promise<{ user: UserRow; recoveryKey: string }> {
    const guessKey = `address:${clientAddress}`;
    await refuseWhileBlocked(this.guessLimiter, guessKey);
    const row = await this.repos.fileRequests.findInvitation(id);
    const matches = verifiersEqual(secretVerifier(token, guestTokenLabel), row?.token_verifier ?? dummyVerifier);
    if (!row || !matches || row.accepted_user_id !== null || row.expires_at <= Date.now()) {
      await this.guessLimiter.fail(guessKey);
      throw new CofferError('request.not_found', 'This invitation does not exist, was used or has expired.');
    }
    const created = await this.accounts.create({ email: row.email, password, role: 'guest', quotaBytes: this.guestQuotaBytes });
    if (!(await this.repos.fileRequests.acceptInvitation(row.id, created.user.id))) throw new CofferError('request.not_found');
    return created;
  }

  /** Shares what each accepted invitation promised, sealed to the new guest's key. Returns how many were shared. */
  async complete(auth: AuthContext): Promise<number> {
    let shared = 0;
    for (const row of await this.repos.fileRequests.listInvitations(auth.userId)) {
      if (row.accepted_user_id === null) continue;
      if (row.node_id && row.permission) {
        await this.shares.create(auth, { nodeId: row.node_id, recipientEmail: row.email, permission: row.permission, expiresAt: null });
        shared++;
      }
      await this.repos.fileRequests.deleteInvitation(row.id);
    }
    return shared;
  }
}
