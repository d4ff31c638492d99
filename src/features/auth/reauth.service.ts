import { CofferError } from '../../domain/index.js';
import type { Store } from '../../db/index.js';
import type { AuthContext } from './auth-context.js';
import type { Clock } from './clock.js';
import type { PasskeysService } from './passkeys.service.js';
import type { SessionsService } from './sessions.service.js';
import { challengeOf, parseAssertion } from './webauthn-assertion.js';

/** How long a confirmation counts for sensitive changes. */
export const reauthWindowMs = 5 * 60_000;
const optionsWindowMs = 5 * 60_000;

/** Throws `auth.reauth_required` unless the session proved the password or a second factor within the window. */
export function requireFreshAuth(auth: AuthContext, now: number): void {
  if (auth.reauthenticatedAt === null || now - auth.reauthenticatedAt > reauthWindowMs) throw new CofferError('auth.reauth_required');
}

/**
 * Fresh re-authentication for sensitive changes: the password again (same limits as the sign-in), or an assertion
 * of one of the account's passkeys. Either stamps the session's `reauthenticated_at`.
 */
export class ReauthService {
  constructor(
    private readonly store: Store,
    private readonly sessions: SessionsService,
    private readonly passkeys: PasskeysService,
    private readonly clock: Clock,
  ) {}

  async withPassword(auth: AuthContext, password: string, clientAddress: string): Promise<void> {
    const { user, masterKey } = await this.sessions.verifyPassword({ email: auth.email, password, kind: 'token', label: '', clientAddress });
    masterKey.fill(0);
    if (user.id !== auth.userId) throw new CofferError('auth.invalid_credentials');
    await this.sessions.markReauthenticated(auth.sessionId);
  }

  async passkeyOptions(userId: string): Promise<Record<string, unknown>> {
    const options = await this.passkeys.assertionOptions(userId);
    await this.store.repos.webauthnChallenges.put(options.challenge, 'reauth', userId, this.clock.now() + optionsWindowMs);
    return options;
  }

  async withPasskey(auth: AuthContext, assertion: string): Promise<void> {
    const response = parseAssertion(assertion);
    const challenge = response && challengeOf(response);
    if (!challenge || !(await this.store.repos.webauthnChallenges.take(challenge, 'reauth', auth.userId, this.clock.now()))) {
      throw new CofferError('auth.code_expired', 'Ask for passkey options first.');
    }
    if (!(await this.passkeys.verifyAssertion(auth.userId, challenge, assertion)))
      throw new CofferError('auth.code_invalid', 'The passkey could not be verified.');
    await this.sessions.markReauthenticated(auth.sessionId);
  }
}
