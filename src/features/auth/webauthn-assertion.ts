import type { AuthenticationResponseJSON, AuthenticatorTransport } from '@simplewebauthn/server';
import { webauthn } from './webauthn-library.js';
import type { PasskeyRow } from '../../db/index.js';

/** The relying party: the public URL's host is the RP ID and its origin the only accepted origin. */
export interface RelyingParty {
  readonly name: string;
  readonly id: string;
  readonly origin: string;
}

export function transportsOf(stored: string): AuthenticatorTransport[] {
  return JSON.parse(stored) as AuthenticatorTransport[];
}

export function parseAssertion(text: string): AuthenticationResponseJSON | undefined {
  try {
    const parsed = JSON.parse(text) as AuthenticationResponseJSON;
    return typeof parsed?.id === 'string' && typeof parsed.response?.clientDataJSON === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The challenge the assertion answers (from clientDataJSON), to find the pending row; the signature is checked later. */
export function challengeOf(response: AuthenticationResponseJSON): string | undefined {
  try {
    const data = JSON.parse(Buffer.from(response.response.clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof data.challenge === 'string' && data.challenge.length <= 200 ? data.challenge : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks one assertion against one stored passkey. `requireUserVerification` is set where the passkey stands for more
 * than possession (passwordless sign-in, enabling it): then the authenticator must have verified the person (UV).
 * Returns the new signature counter, or undefined for any failure.
 */
export async function verifyAssertionWith(
  rp: RelyingParty,
  key: PasskeyRow,
  expectedChallenge: string,
  response: AuthenticationResponseJSON,
  requireUserVerification: boolean,
): Promise<number | undefined> {
  try {
    const result = await (
      await webauthn()
    ).verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: key.id, publicKey: new Uint8Array(key.public_key), counter: Number(key.counter), transports: transportsOf(key.transports) },
      requireUserVerification,
    });
    if (!result.verified) return undefined;
    if (requireUserVerification && !result.authenticationInfo.userVerified) return undefined;
    return result.authenticationInfo.newCounter;
  } catch {
    return undefined;
  }
}
