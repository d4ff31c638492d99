import { CofferError } from '../domain/index.js';
import type { RouteContract } from '../api/index.js';
import type { AuthContext } from '../features/auth/index.js';

/**
 * The single authorization gate for routes, default-deny: a route states who may call it in its
 * contract, and anything not explicitly allowed here is refused. Per-object checks (whose file is
 * this?) happen in the features, where a foreign id is indistinguishable from a missing one.
 */
export function authorize(required: RouteContract['auth'], auth: AuthContext | undefined): void {
  switch (required) {
    case 'none':
      return;
    case 'account':
      if (auth) return;
      throw new CofferError('auth.required');
    case 'session':
      if (!auth) throw new CofferError('auth.required');
      // An auditor holds no file keys and must not reach files or names, not even its own empty root.
      if (auth.role !== 'auditor') return;
      throw new CofferError('auth.forbidden');
    case 'audit':
      if (!auth) throw new CofferError('auth.required');
      if (auth.role === 'admin' || auth.role === 'auditor') return;
      throw new CofferError('auth.forbidden');
    case 'admin':
      if (!auth) throw new CofferError('auth.required');
      if (auth.role === 'admin') return;
      throw new CofferError('auth.forbidden');
    default:
      throw new CofferError('auth.forbidden');
  }
}
