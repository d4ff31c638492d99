import { CofferError } from '../../domain/index.js';
import { unwrapKey } from '../../crypto/index.js';
import type { Repositories, UserRow } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import { wrapContexts } from '../keyring/index.js';

/** The caller's own account row and one of its private keys, unwrapped with the master key the session opened. */
export async function callerAccount(repos: Repositories, auth: AuthContext): Promise<UserRow> {
  const user = await repos.users.findById(auth.userId);
  if (!user) throw new CofferError('auth.session_invalid');
  return user;
}

export function privateKeyOf(auth: AuthContext, user: UserRow, kind: 'x25519' | 'ed25519'): Buffer {
  const wrapped = kind === 'x25519' ? user.x25519_private_wrapped : user.ed25519_private_wrapped;
  return unwrapKey(auth.masterKey, wrapped, wrapContexts.privateKey(user.id, kind));
}
