import { CofferError } from '../../domain/index.js';
import type { SessionRow, SessionScope, Store } from '../../db/index.js';
import type { AuthContext } from './auth-context.js';
import type { SessionsService } from './sessions.service.js';

export type AppPasswordScope = Exclude<SessionScope, 'full'>;

/** The person's own sessions, devices and app passwords: list with last use, revoke one or all others. */
export class DevicesService {
  constructor(
    private readonly store: Store,
    private readonly sessions: SessionsService,
  ) {}

  list(userId: string): Promise<SessionRow[]> {
    return this.store.repos.sessions.listForUser(userId);
  }

  /** A foreign or missing id gets the same answer. */
  async revoke(userId: string, sessionId: string): Promise<void> {
    const session = await this.store.repos.sessions.findById(sessionId);
    if (!session || session.user_id !== userId) throw new CofferError('session.not_found');
    await this.store.repos.sessions.delete(sessionId);
  }

  /** Ends every session and app password except the one making the request. */
  async revokeOthers(auth: AuthContext): Promise<void> {
    await this.store.repos.sessions.deleteAllForUser(auth.userId, auth.sessionId);
  }

  /**
   * An app password is a session of kind 'app' with a scope: it wraps the master key like any session, so it works
   * for WebDAV and scripts without the account password, and deleting it destroys that wrap. Shown once.
   */
  async createAppPassword(auth: AuthContext, label: string, scope: AppPasswordScope): Promise<{ token: string; id: string }> {
    const user = await this.store.repos.users.findById(auth.userId);
    if (!user) throw new CofferError('auth.session_invalid');
    const { token } = await this.sessions.openSession(user, auth.masterKey, 'app', label, scope);
    return { token, id: token.split('.')[1]! };
  }
}
