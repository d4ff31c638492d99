import type { UserDto } from '@coffer/sdk';
import { client } from '../../app/client';

/** A second factor the server offered for this sign-in; passkeys are entered elsewhere, so codes only here. */
export type CodeMethod = 'email' | 'totp' | 'recovery';

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
    const methods = result.secondFactor.methods.filter((m): m is CodeMethod => m !== 'passkey');
    return { kind: 'next', step: { kind: 'second-factor', challenge: result.secondFactor.challenge, methods } };
  }
  return { kind: 'signed-in', user: result.user };
}

export async function submitSecondFactor(challenge: string, method: CodeMethod, code: string): Promise<StepOutcome> {
  const { user } = await client.secondFactor({ challenge, method, code: code.trim() });
  return { kind: 'signed-in', user };
}

export async function resendEmailCode(challenge: string): Promise<void> {
  await client.resendCode(challenge);
}
