import { CofferError, newId } from '../../domain/index.js';
import { randomKey, secretKek, secretVerifier, unwrapKey, verifiersEqual, wrapKey } from '../../crypto/index.js';
import type { ChallengeRow, Store, UserRow } from '../../db/index.js';
import type { Mailer } from '../mail/index.js';
import { wrapContexts } from '../keyring/index.js';
import { refuseWhileBlocked, type AttemptCounter } from './attempt-counter.js';
import type { Clock } from './clock.js';
import { emailCodeHash, emailCodeLifetimeMs, emailCodeMessage, emailCodeResendCooldownMs, maxCodeFailures, newEmailCode } from './email-code.js';
import type { ActiveFactor, FactorsService } from './factors.service.js';
import type { PasskeysService } from './passkeys.service.js';
import { formatToken, parseToken } from './session-token.js';

const challengeVerifierLabel = 'coffer/v1/challenge-verifier';
const challengeKekLabel = 'coffer/v1/challenge-kek';
const challengeLifetimeMs = 15 * 60_000;

export type SecondFactorMethod = ActiveFactor | 'recovery';

export interface ChallengeIssued {
  readonly token: string;
  readonly methods: SecondFactorMethod[];
  readonly expiresAt: number;
}

export interface PendingSignIn {
  readonly user: UserRow;
  readonly email: string;
  readonly kind: 'browser' | 'token';
  readonly label: string;
  readonly clientAddress: string;
}

/**
 * The step between password and session. The challenge is not a session: its token has another prefix, it opens no
 * route, and the master key it carries is wrapped under a key derived from the challenge secret, which only the
 * client holds. So between the two steps the server keeps no usable master key, in memory or in the database.
 */
export class ChallengesService {
  constructor(
    private readonly store: Store,
    private readonly factors: FactorsService,
    private readonly passkeys: PasskeysService,
    private readonly mailer: Mailer,
    /** Wrong second-factor answers per account, across challenges: growing delays against guessing. */
    private readonly limiter: AttemptCounter,
    private readonly clock: Clock,
  ) {}

  async issue(pending: PendingSignIn, masterKey: Buffer, kinds: ActiveFactor[]): Promise<ChallengeIssued> {
    const id = newId();
    const secret = randomKey();
    const now = this.clock.now();
    const code = kinds.includes('email') ? newEmailCode() : undefined;
    await this.store.repos.challenges.insert({
      id,
      user_id: pending.user.id,
      secret_verifier: secretVerifier(secret, challengeVerifierLabel),
      master_key_wrapped: wrapKey(secretKek(secret, challengeKekLabel), masterKey, wrapContexts.masterByChallenge(pending.user.id, id)),
      session_kind: pending.kind,
      label: pending.label.slice(0, 200),
      client_address: pending.clientAddress,
      code_hash: code ? emailCodeHash(secret, code) : null,
      code_expires_at: code ? now + emailCodeLifetimeMs : null,
      code_sent_at: code ? now : null,
      webauthn_challenge: null,
      created_at: now,
      expires_at: now + challengeLifetimeMs,
    });
    if (code) await this.mail(pending.user.email, code);
    const methods: SecondFactorMethod[] = [...kinds];
    if ((await this.factors.summary(pending.user.id)).recoveryCodesLeft > 0) methods.push('recovery');
    return { token: formatToken(id, secret, 'cfc1'), methods, expiresAt: now + challengeLifetimeMs };
  }

  /** A new email code for the same challenge, at most once a minute; wrong tries start again from zero. */
  async resendEmail(token: string): Promise<void> {
    const { row, secret } = await this.open(token);
    const user = await this.store.repos.users.findById(row.user_id);
    if (!user || !(await this.factors.summary(user.id)).kinds.includes('email')) throw new CofferError('auth.factor_unavailable');
    const now = this.clock.now();
    const wait = row.code_sent_at === null ? 0 : row.code_sent_at + emailCodeResendCooldownMs - now;
    if (wait > 0) throw new CofferError('auth.rate_limited', 'Wait before asking for another code.', { retryAfterSeconds: Math.ceil(wait / 1000) });
    const code = newEmailCode();
    await this.store.repos.challenges.update(row.id, {
      code_hash: emailCodeHash(secret, code),
      code_expires_at: now + emailCodeLifetimeMs,
      code_sent_at: now,
      code_failures: 0,
    });
    await this.mail(user.email, code);
  }

  /** WebAuthn request options for a pending sign-in; the challenge is kept in the row for one assertion. */
  async passkeyOptions(token: string): Promise<Record<string, unknown>> {
    const { row } = await this.open(token);
    const options = await this.passkeys.assertionOptions(row.user_id);
    await this.store.repos.challenges.update(row.id, { webauthn_challenge: options.challenge });
    return options;
  }

  /** Checks the answer; on success the challenge is consumed and the master key is handed over exactly once. */
  async complete(token: string, method: SecondFactorMethod, answer: string): Promise<{ pending: PendingSignIn; masterKey: Buffer }> {
    const { row, secret } = await this.open(token);
    const user = await this.store.repos.users.findById(row.user_id);
    if (!user) throw new CofferError('auth.challenge_invalid');
    if (user.status !== 'active') throw new CofferError('user.disabled');
    const limiterKey = `factor:${user.id}`;
    await refuseWhileBlocked(this.limiter, limiterKey);

    if (!(await this.check(row, secret, user.id, method, answer.trim()))) {
      await this.limiter.fail(limiterKey);
      const failures = await this.store.repos.challenges.addFailure(row.id);
      if (failures >= maxCodeFailures) {
        // Email: the code is void and a new one must be sent. Other methods: the whole sign-in starts again.
        if (method === 'email') await this.store.repos.challenges.update(row.id, { code_hash: null, code_expires_at: null });
        else await this.store.repos.challenges.consume(row.id);
      }
      throw new CofferError('auth.code_invalid', undefined, { attemptsLeft: Math.max(0, maxCodeFailures - failures) });
    }
    if (!(await this.store.repos.challenges.consume(row.id))) throw new CofferError('auth.challenge_invalid');
    await this.limiter.succeed(limiterKey);
    const masterKey = unwrapKey(secretKek(secret, challengeKekLabel), row.master_key_wrapped, wrapContexts.masterByChallenge(user.id, row.id));
    return { pending: { user, email: user.email, kind: row.session_kind, label: row.label, clientAddress: row.client_address }, masterKey };
  }

  private async check(row: ChallengeRow, secret: Buffer, userId: string, method: SecondFactorMethod, answer: string): Promise<boolean> {
    switch (method) {
      case 'email':
        if (row.code_hash === null || row.code_expires_at === null || row.code_expires_at <= this.clock.now()) throw new CofferError('auth.code_expired');
        return /^\d{6}$/.test(answer) && verifiersEqual(emailCodeHash(secret, answer), row.code_hash);
      case 'totp':
        return this.factors.checkTotp(userId, answer);
      case 'recovery':
        return this.factors.checkRecoveryCode(userId, answer);
      case 'passkey': {
        if (!row.webauthn_challenge) throw new CofferError('auth.code_expired', 'Ask for passkey options first.');
        await this.store.repos.challenges.update(row.id, { webauthn_challenge: null });
        return this.passkeys.verifyAssertion(userId, row.webauthn_challenge, answer);
      }
    }
  }

  private async open(token: string): Promise<{ row: ChallengeRow; secret: Buffer }> {
    const parsed = parseToken(token, 'cfc1');
    const row = parsed ? await this.store.repos.challenges.findById(parsed.sessionId) : undefined;
    if (!parsed || !row || !verifiersEqual(secretVerifier(parsed.secret, challengeVerifierLabel), row.secret_verifier) || row.expires_at <= this.clock.now()) {
      throw new CofferError('auth.challenge_invalid');
    }
    return { row, secret: parsed.secret };
  }

  private async mail(to: string, code: string): Promise<void> {
    try {
      await this.mailer.send(emailCodeMessage(code, to));
    } catch {
      throw new CofferError('mail.unavailable');
    }
  }
}
