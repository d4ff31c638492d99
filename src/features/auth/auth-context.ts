import type { Role } from '../../domain/index.js';
import type { SessionScope } from '../../db/index.js';

/**
 * Who is calling, established from a session or token. `masterKey` exists only in memory for the
 * duration of the request: it was unwrapped with the secret the client presented.
 */
export interface AuthContext {
  readonly userId: string;
  readonly email: string;
  readonly role: Role;
  readonly sessionId: string;
  readonly sessionKind: 'browser' | 'token' | 'app';
  /** 'full' for a signed-in session; an app password's scope ('api', 'dav', 'read-only') otherwise. WebDAV requires 'dav' or 'full'. */
  readonly scope: SessionScope;
  readonly masterKey: Buffer;
  /** When this session last proved the password or a second factor (sign-in, POST /me/reauth); null for app passwords. */
  readonly reauthenticatedAt: number | null;
}
