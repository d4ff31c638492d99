import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { CofferError } from '../../domain/index.js';
import type { Store } from '../../db/index.js';
import type { Clock } from './clock.js';

/** The relying party: the public URL's host is the RP ID and its origin the only accepted origin. */
export interface RelyingParty {
  readonly name: string;
  readonly id: string;
  readonly origin: string;
}

const registrationWindowMs = 5 * 60_000;

/**
 * Passkeys (WebAuthn, @simplewebauthn/server) as a second factor. Registration challenges wait in memory for five
 * minutes (per process, like the rate limiters); assertion challenges live in the sign-in challenge row.
 */
export class PasskeysService {
  private readonly pending = new Map<string, { challenge: string; expiresAt: number }>();

  constructor(
    private readonly store: Store,
    private readonly rp: RelyingParty,
    private readonly clock: Clock,
  ) {}

  async registrationOptions(userId: string, email: string): Promise<Record<string, unknown>> {
    const existing = await this.store.repos.passkeys.listForUser(userId);
    const options = await generateRegistrationOptions({
      rpName: this.rp.name,
      rpID: this.rp.id,
      userName: email,
      userID: Buffer.from(userId, 'utf8'),
      attestationType: 'none',
      excludeCredentials: existing.map((key) => ({ id: key.id, transports: transportsOf(key.transports) })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    });
    this.pending.set(userId, { challenge: options.challenge, expiresAt: this.clock.now() + registrationWindowMs });
    return options as unknown as Record<string, unknown>;
  }

  async register(userId: string, label: string, response: Record<string, unknown>): Promise<{ id: string; label: string }> {
    const pending = this.pending.get(userId);
    this.pending.delete(userId);
    if (!pending || pending.expiresAt <= this.clock.now()) throw new CofferError('factor.not_pending', 'Ask for passkey options first.');
    let verification;
    try {
      verification = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge: pending.challenge,
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

  async assertionOptions(userId: string): Promise<Record<string, unknown> & { challenge: string }> {
    const keys = await this.store.repos.passkeys.listForUser(userId);
    if (keys.length === 0) throw new CofferError('auth.factor_unavailable');
    const options = await generateAuthenticationOptions({
      rpID: this.rp.id,
      allowCredentials: keys.map((key) => ({ id: key.id, transports: transportsOf(key.transports) })),
      userVerification: 'preferred',
    });
    return options as unknown as Record<string, unknown> & { challenge: string };
  }

  /** Verifies an assertion (JSON text) against the user's own passkeys; the signature counter must not go back. */
  async verifyAssertion(userId: string, expectedChallenge: string, responseText: string): Promise<boolean> {
    let response: AuthenticationResponseJSON;
    try {
      response = JSON.parse(responseText) as AuthenticationResponseJSON;
    } catch {
      return false;
    }
    const key = (await this.store.repos.passkeys.listForUser(userId)).find((k) => k.id === response.id);
    if (!key) return false;
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: this.rp.origin,
        expectedRPID: this.rp.id,
        credential: { id: key.id, publicKey: new Uint8Array(key.public_key), counter: Number(key.counter), transports: transportsOf(key.transports) },
        requireUserVerification: false,
      });
      if (!result.verified) return false;
      await this.store.repos.passkeys.markUsed(key.id, result.authenticationInfo.newCounter, this.clock.now());
      return true;
    } catch {
      return false;
    }
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.store.repos.passkeys.delete(userId, id))) throw new CofferError('session.not_found', 'There is no such passkey.');
  }
}

function transportsOf(stored: string): AuthenticatorTransport[] {
  return JSON.parse(stored) as AuthenticatorTransport[];
}
