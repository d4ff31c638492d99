import { webauthn } from './webauthn-library.js';
import { CofferError } from '../../domain/index.js';
import { secretKek, unwrapKey, wrapKey } from '../../crypto/index.js';
import type { Store, UserRow } from '../../db/index.js';
import { wrapContexts } from '../keyring/index.js';
import { refuseWhileBlocked, type AttemptCounter } from './attempt-counter.js';
import type { Clock } from './clock.js';
import { challengeOf, parseAssertion, transportsOf, verifyAssertionWith, type RelyingParty } from './webauthn-assertion.js';

/** The PRF input (salt) every Coffer passkey is evaluated with; the authenticator's per-credential PRF key makes outputs differ. */
export const passkeyPrfInput = 'coffer/v1/passkey-prf';
/** secretKek label applied by the server to the 32-byte key the client derived from the PRF output. */
export const passkeyKekLabel = 'coffer/v1/passkey-kek';
const optionsWindowMs = 5 * 60_000;

/**
 * Passwordless sign-in with a passkey's PRF extension. The browser evaluates PRF and derives a 32-byte passkey key
 * (HKDF-SHA-256, docs/format.md); the server sees that key only during the request, like a password, and stores only the
 * master key wrapped under secretKek(passkey key). Only assertions with user verification count, as both factors.
 */
export class PasswordlessService {
  constructor(
    private readonly store: Store,
    private readonly rp: RelyingParty,
    /** Failed passwordless sign-ins per client address (growing delays). */
    private readonly limiter: AttemptCounter,
    private readonly clock: Clock,
  ) {}

  /** Request options to turn passwordless on for one of the user's passkeys: UV required, PRF evaluated. */
  async enableOptions(userId: string, credentialId: string): Promise<Record<string, unknown>> {
    const key = await this.store.repos.passkeys.findById(credentialId);
    if (!key || key.user_id !== userId) throw new CofferError('session.not_found', 'There is no such passkey.');
    const options = await (
      await webauthn()
    ).generateAuthenticationOptions({
      rpID: this.rp.id,
      allowCredentials: [{ id: key.id, transports: transportsOf(key.transports) }],
      userVerification: 'required',
    });
    await this.store.repos.webauthnChallenges.put(options.challenge, 'passwordless-enable', userId, this.clock.now() + optionsWindowMs);
    return withPrf(options);
  }

  async enable(userId: string, masterKey: Buffer, credentialId: string, assertion: string, passkeyKey: string): Promise<void> {
    const response = parseAssertion(assertion);
    const challenge = response && challengeOf(response);
    if (!response || !challenge || !(await this.store.repos.webauthnChallenges.take(challenge, 'passwordless-enable', userId, this.clock.now()))) {
      throw new CofferError('factor.not_pending', 'Ask for options first.');
    }
    const key = await this.store.repos.passkeys.findById(credentialId);
    if (!key || key.user_id !== userId || response.id !== key.id) throw new CofferError('auth.code_invalid', 'The passkey could not be verified.');
    const counter = await verifyAssertionWith(this.rp, key, challenge, response, true);
    const secret = decodeKey(passkeyKey);
    if (counter === undefined || !secret) throw new CofferError('auth.code_invalid', 'The passkey could not be verified with user verification.');
    await this.store.repos.passkeys.markUsed(key.id, counter, this.clock.now());
    const wrapped = wrapKey(secretKek(secret, passkeyKekLabel), masterKey, wrapContexts.masterByPasskey(userId, key.id));
    await this.store.repos.passkeys.setPasswordless(userId, key.id, wrapped, this.clock.now());
  }

  async disable(userId: string, credentialId: string): Promise<void> {
    if (!(await this.store.repos.passkeys.setPasswordless(userId, credentialId, null, null)))
      throw new CofferError('session.not_found', 'There is no such passkey.');
  }

  /** Usernameless request options: no credential list, UV required, PRF evaluated; the challenge waits in the database. */
  async signInOptions(clientAddress: string): Promise<Record<string, unknown>> {
    await this.checkLimit(clientAddress);
    const now = this.clock.now();
    await this.store.repos.webauthnChallenges.deleteExpired(now);
    const options = await (await webauthn()).generateAuthenticationOptions({ rpID: this.rp.id, allowCredentials: [], userVerification: 'required' });
    await this.store.repos.webauthnChallenges.put(options.challenge, 'passwordless-sign-in', null, now + optionsWindowMs);
    return withPrf(options);
  }

  /**
   * Every failure (unknown credential, passkey without passwordless, bad signature, no UV, wrong key, disabled account)
   * answers the same `auth.passkey_invalid` and counts against the address.
   */
  async signIn(assertion: string, passkeyKey: string, clientAddress: string): Promise<{ user: UserRow; masterKey: Buffer }> {
    await this.checkLimit(clientAddress);
    const outcome = await this.attempt(assertion, passkeyKey);
    if (!outcome) {
      await this.limiter.fail(`passkey:${clientAddress}`);
      throw new CofferError('auth.passkey_invalid');
    }
    if (outcome.user.status !== 'active') throw new CofferError('user.disabled');
    return outcome;
  }

  private async attempt(assertion: string, passkeyKey: string): Promise<{ user: UserRow; masterKey: Buffer } | undefined> {
    const response = parseAssertion(assertion);
    const challenge = response && challengeOf(response);
    if (!response || !challenge || !(await this.store.repos.webauthnChallenges.take(challenge, 'passwordless-sign-in', null, this.clock.now())))
      return undefined;
    const key = await this.store.repos.passkeys.findById(response.id);
    const secret = decodeKey(passkeyKey);
    if (!key || !key.master_key_wrapped || !secret) return undefined;
    // A discoverable credential names its account; it must be the passkey's own.
    const handle = response.response.userHandle;
    if (handle !== undefined && Buffer.from(handle, 'base64url').toString('utf8') !== key.user_id) return undefined;
    const counter = await verifyAssertionWith(this.rp, key, challenge, response, true);
    if (counter === undefined) return undefined;
    let masterKey: Buffer;
    try {
      masterKey = unwrapKey(secretKek(secret, passkeyKekLabel), key.master_key_wrapped, wrapContexts.masterByPasskey(key.user_id, key.id));
    } catch {
      return undefined;
    }
    const user = await this.store.repos.users.findById(key.user_id);
    if (!user) return undefined;
    await this.store.repos.passkeys.markUsed(key.id, counter, this.clock.now());
    return { user, masterKey };
  }

  private checkLimit(clientAddress: string): Promise<void> {
    return refuseWhileBlocked(this.limiter, `passkey:${clientAddress}`);
  }
}

function withPrf(options: object): Record<string, unknown> {
  return { ...options, extensions: { prf: { eval: { first: Buffer.from(passkeyPrfInput, 'utf8').toString('base64url') } } } };
}

function decodeKey(text: string): Buffer | undefined {
  return /^[A-Za-z0-9_-]{43}$/.test(text) ? Buffer.from(text, 'base64url') : undefined;
}
