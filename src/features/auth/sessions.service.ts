import { CofferError, newId } from '../../domain/index.js';
import {
  derivePasswordSecrets,
  newPasswordKdfParams,
  passwordVerifier,
  randomKey,
  secretKek,
  secretVerifier,
  unwrapKey,
  verifiersEqual,
  wrapKey,
} from '../../crypto/index.js';
import type { SessionRow, SessionScope, Store, UserRow } from '../../db/index.js';
import { parseKdf, wrapContexts } from '../keyring/index.js';
import { appendEvent } from '../ledger/index.js';
import { refuseWhileBlocked, type AttemptCounter } from './attempt-counter.js';
import type { AuthContext } from './auth-context.js';
import { formatToken, parseToken } from './session-token.js';

const sessionVerifierLabel = 'coffer/v1/session-verifier';
const sessionKekLabel = 'coffer/v1/session-kek';
/** Writing last-use on every request would turn reads into writes; once a minute is enough. */
const touchIntervalMs = 60_000;

export type SessionKind = 'browser' | 'token' | 'app';
/** Year 9999: "until revoked" for app passwords. */
const neverExpires = 253_402_300_799_000;

export interface SessionPolicy {
  readonly browserIdleTimeoutMs: number;
  readonly tokenLifetimeMs: number;
}

export interface SignInRequest {
  readonly email: string;
  readonly password: string;
  readonly kind: 'browser' | 'token';
  readonly label: string;
  readonly clientAddress: string;
}

export interface SignedIn {
  readonly token: string;
  readonly kind: SessionKind;
  readonly user: UserRow;
  readonly expiresAt: number;
}

export class SessionsService {
  /** Unknown accounts still pay for one Argon2id run, so timing does not reveal who has an account. */
  private readonly decoyKdf = newPasswordKdfParams();

  constructor(
    private readonly store: Store,
    private readonly policy: SessionPolicy,
    private readonly accountLimiter: AttemptCounter,
    private readonly addressLimiter: AttemptCounter,
    /** Told about every failed password step (security notices and burst detection); runs in the background. */
    private readonly onFailure?: (email: string, user: UserRow | undefined) => Promise<void>,
  ) {}

  /**
   * The password step: checks the password (a decoy Argon2id run for unknown accounts, so timing and answers are the same)
   * and unwraps the master key. The caller decides whether a session or a second-factor challenge follows.
   */
  async verifyPassword(request: SignInRequest): Promise<{ user: UserRow; masterKey: Buffer }> {
    const email = request.email.trim().toLowerCase();
    const accountKey = `account:${email}`;
    const addressKey = `address:${request.clientAddress}`;
    const wait = Math.max(await this.accountLimiter.waitMs(accountKey), await this.addressLimiter.waitMs(addressKey));
    if (wait > 0) throw new CofferError('auth.rate_limited', undefined, { retryAfterSeconds: Math.ceil(wait / 1000) });

    const user = await this.store.repos.users.findByEmail(email);
    const secrets = await derivePasswordSecrets(request.password, user ? parseKdf(user.password_kdf) : this.decoyKdf);
    const verified = user !== undefined && verifiersEqual(passwordVerifier(secrets.authKey), user.password_verifier);
    if (!user || !verified) {
      await Promise.all([this.accountLimiter.fail(accountKey), this.addressLimiter.fail(addressKey)]);
      // Not awaited: a notice mail for a known account must not make its failures slower than an unknown one's.
      void this.onFailure?.(email, user).catch(() => undefined);
      throw new CofferError('auth.invalid_credentials');
    }
    if (user.status !== 'active') throw new CofferError('user.disabled');
    await this.accountLimiter.succeed(accountKey);
    return { user, masterKey: unwrapKey(secrets.kek, user.master_key_by_password, wrapContexts.masterByPassword(user.id)) };
  }

  /** Creates a session for a user whose master key is already unwrapped (sign-in, first setup). */
  async openSession(user: UserRow, masterKey: Buffer, kind: SessionKind, label: string, scope: SessionScope = 'full'): Promise<SignedIn> {
    const sessionId = newId();
    const secret = randomKey();
    const now = Date.now();
    // App passwords live until revoked; the far end keeps the column a plain number in both dialects.
    const expiresAt = kind === 'app' ? neverExpires : now + (kind === 'browser' ? this.policy.browserIdleTimeoutMs : this.policy.tokenLifetimeMs);
    await this.store.transaction(async (repos) => {
      await repos.sessions.insert({
        id: sessionId,
        user_id: user.id,
        kind,
        scope,
        label: label.slice(0, 200),
        secret_verifier: secretVerifier(secret, sessionVerifierLabel),
        master_key_wrapped: wrapKey(secretKek(secret, sessionKekLabel), masterKey, wrapContexts.masterBySession(user.id, sessionId)),
        created_at: now,
        last_used_at: now,
        expires_at: expiresAt,
        // Signing in is a fresh proof; an app password never counts as one.
        reauthenticated_at: kind === 'app' ? null : now,
      });
      await appendEvent(repos, { type: 'session.signed_in', actorId: user.id, attributes: { userId: user.id, detail: kind } });
    });
    return { token: formatToken(sessionId, secret), kind, user, expiresAt };
  }

  /** Turns a presented token into an AuthContext, or throws `auth.session_invalid`. */
  async authenticate(token: string, clientAddress?: string): Promise<AuthContext> {
    const addressKey = `token:${clientAddress ?? 'unknown'}`;
    const parsed = parseToken(token);
    const session = parsed ? await this.store.repos.sessions.findById(parsed.sessionId) : undefined;
    const now = Date.now();
    if (!parsed || !session || !verifiersEqual(secretVerifier(parsed.secret, sessionVerifierLabel), session.secret_verifier) || session.expires_at <= now) {
      // The shared counter is consulted on failures only, so a valid token costs no extra query; a 256-bit secret
      // cannot be guessed, the limit only slows and reveals floods of bad tokens.
      if (clientAddress) {
        await refuseWhileBlocked(this.addressLimiter, addressKey);
        await this.addressLimiter.fail(addressKey);
      }
      throw new CofferError('auth.session_invalid');
    }
    const user = await this.store.repos.users.findById(session.user_id);
    if (!user) throw new CofferError('auth.session_invalid');
    if (user.status !== 'active') throw new CofferError('user.disabled');
    const masterKey = unwrapKey(secretKek(parsed.secret, sessionKekLabel), session.master_key_wrapped, wrapContexts.masterBySession(user.id, session.id));
    await this.touch(session, now);
    return {
      userId: user.id,
      email: user.email,
      role: user.role,
      sessionId: session.id,
      sessionKind: session.kind,
      scope: session.scope,
      masterKey,
      reauthenticatedAt: session.reauthenticated_at === null ? null : Number(session.reauthenticated_at),
    };
  }

  async markReauthenticated(sessionId: string): Promise<void> {
    await this.store.repos.sessions.markReauthenticated(sessionId, Date.now());
  }

  async signOut(sessionId: string): Promise<void> {
    await this.store.transaction(async (repos) => {
      const session = await repos.sessions.findById(sessionId);
      if (!session) return;
      await repos.sessions.delete(sessionId);
      await appendEvent(repos, { type: 'session.signed_out', actorId: session.user_id, attributes: { userId: session.user_id } });
    });
  }

  /** Expired sessions, and sign-in challenges nobody finished (their master-key wraps go with them). */
  async purgeExpired(now = Date.now()): Promise<number> {
    await this.store.repos.challenges.deleteExpired(now);
    return this.store.repos.sessions.deleteExpired(now);
  }

  private async touch(session: SessionRow, now: number): Promise<void> {
    if (now - session.last_used_at < touchIntervalMs) return;
    const expiresAt = session.kind === 'browser' ? now + this.policy.browserIdleTimeoutMs : session.expires_at;
    await this.store.repos.sessions.touch(session.id, now, expiresAt);
  }
}
