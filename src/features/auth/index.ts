export type { AuthContext } from './auth-context.js';
export { AttemptLimiter, type AttemptLimiterOptions } from './attempt-limiter.js';
export { AccountsService, normalizeEmail } from './accounts.service.js';
export { SessionsService, type SessionKind, type SessionPolicy, type SignedIn } from './sessions.service.js';
export { SetupService } from './setup.service.js';
export { UsersService, type UserChanges } from './users.service.js';
