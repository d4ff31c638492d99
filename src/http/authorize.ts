import { CofferError } from '../domain/index.js';
import type { RouteContract } from '../api/index.js';
import type { AuthContext } from '../features/auth/index.js';

const readMethods = new Set<RouteContract['method']>(['GET']);

/**
 * The single authorization gate for routes, default-deny: a route states who may call it in its contract, and
 * anything not explicitly allowed here is refused. Two questions, in order:
 *   role:  'session' any account; 'member' users and admins (guests only see what is shared with them; auditors
 *          hold no file keys); 'audit' admins and auditors;
 *          'account' and 'admin' need a full sign-in session as well.
 *   scope: an app password never reaches 'account' or 'admin' routes; 'dav' opens no REST route at all;
 *          'read-only' only GET routes; 'api' the rest.
 * Per-object checks (whose file is this?) happen in the features, where a foreign id looks like a missing one.
 */
export function authorize(contract: Pick<RouteContract, 'auth' | 'method'>, auth: AuthContext | undefined): void {
  const required = contract.auth;
  if (required === 'none') return;
  if (!auth) throw new CofferError('auth.required');
  if (!roleAllows(required, auth)) throw new CofferError('auth.forbidden');
  if (!scopeAllows(required, contract.method, auth)) throw new CofferError('auth.scope_denied');
}

function roleAllows(required: RouteContract['auth'], auth: AuthContext): boolean {
  switch (required) {
    case 'session':
    case 'account':
      return true;
    case 'member':
      return auth.role === 'user' || auth.role === 'admin';
    case 'audit':
      return auth.role === 'admin' || auth.role === 'auditor';
    case 'admin':
      return auth.role === 'admin';
    default:
      return false;
  }
}

function scopeAllows(required: RouteContract['auth'], method: RouteContract['method'], auth: AuthContext): boolean {
  switch (auth.scope) {
    case 'full':
      return true;
    case 'api':
      return required !== 'account' && required !== 'admin';
    case 'read-only':
      return required !== 'account' && required !== 'admin' && readMethods.has(method);
    default:
      return false;
  }
}
