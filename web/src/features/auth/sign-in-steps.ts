import type { UserDto } from '@coffer/sdk';
import { client } from '../../app/client';
import { assertPasskey, assertWithPrf } from '../security/webauthn';

/** A second factor the server offered for this sign-in. */
export type CodeMethod = 'email' | 'totp' | 'recovery' | 'passkey';

/**
 * Sign-in as a sequence of steps: email and password, then (when the account has one) a second factor. The
 * password step alone never yields a session: the server answers with a short-lived challenge instead.
 */
export type SignInStep =
  { readonly kind: 'credentials' } | { readonly kind: 'second-factor'; readonly challenge: string; readonly methods: readonly CodeMethod[] };

export type StepOutcome = { readonly kind: 'signed-in'; readonly user: UserDto } | { readonly kind: 'next'; readonly step: SignInStep };

export async function submitCredentials(email: string, password: string): Promise<StepOutcome> {
  const result = await client.signIn({ email, password, kind: 'browser', label: 'Web browser' });
  if ('secondFactor' in result) {
    return { kind: 'next', step: { kind: 'second-factor', challenge: result.secondFactor.challenge, methods: result.secondFactor.methods } };
  }
  return { kind: 'signed-in', user: result.user };
}

export async function submitSecondFactor(challenge: string, method: CodeMethod, code: string): Promise<StepOutcome> {
  const { user } = await client.secondFactor({ challenge, method, code: code.trim() });
  return { kind: 'signed-in', user };
}

/** The second step with a passkey: request options bound to this sign-in, then the assertion. */
export async function confirmWithPasskey(challenge: string): Promise<StepOutcome> {
  const assertion = await assertPasskey(await client.secondFactorPasskeyOptions(challenge));
  const { user } = await client.secondFactor({ challenge, method: 'passkey', code: assertion });
  return { kind: 'signed-in', user };
}

/** Sign-in without a password: a discoverable passkey with user verification and PRF stands for both factors. */
export async function signInWithPasskey(): Promise<StepOutcome> {
  const derived = await assertWithPrf(await client.passwordlessOptions());
  if (!derived) throw new Error('This passkey cannot sign in without a password (it has no PRF support). Sign in with your password.');
  const { user } = await client.passwordlessSignIn({ response: derived.assertion, key: derived.key, kind: 'browser', label: 'Web browser (passkey)' });
  return { kind: 'signed-in', user };
}

export async function resendEmailCode(challenge: string): Promise<void> {
  await client.resendCode(challenge);
}
