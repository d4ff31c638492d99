import type { UserDto } from '@coffer/sdk';
import { client } from '../../app/client';

/**
 * Sign-in as a sequence of steps. Today there is one (email and password → session cookie); a second
 * factor will add a step that the first one hands over to (e.g. `{ kind: 'second-factor', challenge }`),
 * and SignInRoute renders whichever step is current.
 */
export type SignInStep = { readonly kind: 'credentials' };

export type StepOutcome = { readonly kind: 'signed-in'; readonly user: UserDto } | { readonly kind: 'next'; readonly step: SignInStep };

export async function submitCredentials(email: string, password: string): Promise<StepOutcome> {
  const { user } = await client.signIn({ email, password, kind: 'browser', label: 'Web browser' });
  return { kind: 'signed-in', user };
}
