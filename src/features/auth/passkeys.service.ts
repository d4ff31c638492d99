import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { webauthn } from './webauthn-library.js';
import { CofferError } from '../../domain/index.js';
import type { Store } from '../../db/index.js';
import type { Clock } from './clock.js';
import { parseAssertion, transportsOf, verifyAssertionWith, type RelyingParty } from './webauthn-assertion.js';

export type { RelyingParty } from './webauthn-assertion.js';

const registrationWindowMs = 5 * 60_000;

export interface PasskeySummary {
  readonly id: string;
  readonly label: string;
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
  readonly passwordless: boolean;
}

/**
 * Passkeys (WebAuthn, @simplewebauthn/server): registration, the list, and assertions as a second factor. Registration
 * challenges wait five minutes in the database (any instance can finish what another began); assertion challenges of a
 * sign-in live in the sign-in challenge row.
 */
export class PasskeysService {
  constructor(
    private readonly store: Store,
    private readonly rp: RelyingParty,
    private readonly clock: Clock,
  ) {}

  async registrationOptions(userId: string, email: string): Promise<Record<string, unknown>> {
    const existing = await this.store.repos.passkeys.listForUser(userId);
    const options = await (
      await webauthn()
    ).generateRegistrationOptions({
      rpName: this.rp.name,
      rpID: this.rp.id,
      userName: email,
      userID: Buffer.from(userId, 'utf8'),
      attestationType: 'none',
      excludeCredentials: existing.map((key) => ({ id: key.id, transports: transportsOf(key.transports) })),
      // Resident keys make usernameless (passwordless) sign-in possible; the PRF request tells the page whether it can be.
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      extensions: { prf: {} } as Record<string, unknown>,
    });
    await this.store.repos.webauthnChallenges.put(options.challenge, 'register', userId, this.clock.now() + registrationWindowMs);
    return options as unknown as Record<string, unknown>;
  }

  async register(userId: string, label: string, response: Record<string, unknown>): Promise<{ id: string; label: string }> {
    const challenge = await this.store.repos.webauthnChallenges.takeForUser(userId, 'register', this.clock.now());
    if (!challenge) throw new CofferError('factor.not_pending', 'Ask for passkey options first.');
    let verification;
    try {
      verification = await (
        await webauthn()
      ).verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        requireUserVerification: false,
      });
    } catch {
      throw new CofferError('auth.code_invalid', 'The passkey could not be verified.');
    }
    if (!verification.verified) throw new CofferError('auth.code_invalid', 'The passkey could not be verified.');
    const { credential } = verification.registrationInfo;
    await this.store.repos.passkeys.insert({
      id: credential.id,
      user_id: userId,
      public_key: Buffer.from(credential.publicKey),
      counter: credential.counter,
      transports: JSON.stringify(credential.transports ?? []),
      label: label.slice(0, 200),
      created_at: this.clock.now(),
      last_used_at: null,
    });
    return { id: credential.id, label };
  }

  async list(userId: string): Promise<PasskeySummary[]> {
    return (await this.store.repos.passkeys.listForUser(userId)).map((key) => ({
      id: key.id,
      label: key.label,
      createdAt: Number(key.created_at),
      lastUsedAt: key.last_used_at === null ? null : Number(key.last_used_at),
      passwordless: key.master_key_wrapped !== null,
    }));
  }

  async rename(userId: string, id: string, label: string): Promise<void> {
    if (!(await this.store.repos.passkeys.rename(userId, id, label.slice(0, 200)))) throw new CofferError('session.not_found', 'There is no such passkey.');
  }

  async assertionOptions(userId: string, userVerification: 'preferred' | 'required' = 'preferred'): Promise<Record<string, unknown> & { challenge: string }> {
    const keys = await this.store.repos.passkeys.listForUser(userId);
    if (keys.length === 0) throw new CofferError('auth.factor_unavailable');
    const options = await (
      await webauthn()
    ).generateAuthenticationOptions({
      rpID: this.rp.id,
      allowCredentials: keys.map((key) => ({ id: key.id, transports: transportsOf(key.transports) })),
      userVerification,
    });
    return options as unknown as Record<string, unknown> & { challenge: string };
  }

  /** Verifies an assertion (JSON text) against the user's own passkeys; the signature counter must not go back. */
  async verifyAssertion(userId: string, expectedChallenge: string, responseText: string): Promise<boolean> {
    const response = parseAssertion(responseText);
    const key = response && (await this.store.repos.passkeys.listForUser(userId)).find((k) => k.id === response.id);
    if (!response || !key) return false;
    const counter = await verifyAssertionWith(this.rp, key, expectedChallenge, response, false);
    if (counter === undefined) return false;
    await this.store.repos.passkeys.markUsed(key.id, counter, this.clock.now());
    return true;
  }

  /** Removing a passkey deletes its row, and with it its wrap of the master key (passwordless sign-in ends). */
  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.store.repos.passkeys.delete(userId, id))) throw new CofferError('session.not_found', 'There is no such passkey.');
  }
}
