import type { UserRow } from '../../db/index.js';
import type { ChallengeIssued, ChallengesService, SecondFactorMethod } from './challenges.service.js';
import type { FactorsService } from './factors.service.js';
import type { PasswordlessService } from './passwordless.service.js';
import type { SecurityMonitor } from './security-monitor.js';
import type { SessionsService, SignedIn, SignInRequest } from './sessions.service.js';

export type SignInOutcome = ({ readonly step: 'done' } & SignedIn) | ({ readonly step: 'second-factor'; readonly user: UserRow } & ChallengeIssued);

/**
 * Two-step sign-in. An account with a second factor gets only a challenge from the password step: no session, no
 * token that opens a route. Accounts without one get their session at once, as before.
 */
export class SignInService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly factors: FactorsService,
    private readonly challenges: ChallengesService,
    private readonly monitor: SecurityMonitor,
    private readonly passwordless: PasswordlessService,
  ) {}

  async passwordStep(request: SignInRequest): Promise<SignInOutcome> {
    const { user, masterKey } = await this.sessions.verifyPassword(request);
    const { kinds } = await this.factors.summary(user.id);
    if (kinds.length > 0) {
      const pending = { user, email: user.email, kind: request.kind, label: request.label, clientAddress: request.clientAddress };
      return { step: 'second-factor', user, ...(await this.challenges.issue(pending, masterKey, kinds)) };
    }
    const signedIn = await this.sessions.openSession(user, masterKey, request.kind, request.label);
    await this.monitor.signedIn(user, request.label, request.clientAddress);
    return { step: 'done', ...signedIn };
  }

  async secondStep(challengeToken: string, method: SecondFactorMethod, answer: string): Promise<SignedIn> {
    const { pending, masterKey } = await this.challenges.complete(challengeToken, method, answer);
    const signedIn = await this.sessions.openSession(pending.user, masterKey, pending.kind, pending.label);
    await this.monitor.signedIn(pending.user, pending.label, pending.clientAddress);
    return signedIn;
  }

  passwordlessOptions(clientAddress: string): Promise<Record<string, unknown>> {
    return this.passwordless.signInOptions(clientAddress);
  }

  /** A passkey with PRF and user verification stands for both factors: a full session at once. */
  async passwordlessStep(assertion: string, passkeyKey: string, kind: 'browser' | 'token', label: string, clientAddress: string): Promise<SignedIn> {
    const { user, masterKey } = await this.passwordless.signIn(assertion, passkeyKey, clientAddress);
    const signedIn = await this.sessions.openSession(user, masterKey, kind, label);
    await this.monitor.signedIn(user, label, clientAddress);
    return signedIn;
  }

  passkeyOptions(challengeToken: string): Promise<Record<string, unknown>> {
    return this.challenges.passkeyOptions(challengeToken);
  }

  resendEmailCode(challengeToken: string): Promise<void> {
    return this.challenges.resendEmail(challengeToken);
  }
}
