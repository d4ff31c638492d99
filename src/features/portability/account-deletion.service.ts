import { CofferError } from '../../domain/index.js';
import { derivePasswordSecrets, passwordVerifier, verifiersEqual } from '../../crypto/index.js';
import type { Store } from '../../db/index.js';
import type { AttemptLimiter } from '../auth/index.js';
import { parseKdf } from '../keyring/index.js';

/**
 * Deleting one's own account is crypto-shredding: the row holding the wrapped master key, key pairs and
 * password verifier goes, and with it (cascade) every session, node, wrapped file key and version. The stored
 * objects stay ciphertext that no key can open any more, and garbage collection removes them after its grace period.
 * Backups taken before still hold the account until they are pruned.
 */
export class AccountDeletionService {
  constructor(
    private readonly store: Store,
    private readonly guessLimiter: AttemptLimiter,
  ) {}

  async deleteOwn(userId: string, password: string): Promise<void> {
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw new CofferError('auth.session_invalid');
    const limiterKey = `account-delete:${userId}`;
    const wait = this.guessLimiter.retryAfterMs(limiterKey);
    if (wait > 0) throw new CofferError('auth.rate_limited', undefined, { retryAfterSeconds: Math.ceil(wait / 1000) });
    const { authKey } = await derivePasswordSecrets(password, parseKdf(user.password_kdf));
    if (!verifiersEqual(passwordVerifier(authKey), user.password_verifier)) {
      this.guessLimiter.recordFailure(limiterKey);
      throw new CofferError('auth.invalid_credentials', 'The password is wrong.');
    }
    this.guessLimiter.recordSuccess(limiterKey);
    await this.store.transaction(async (repos) => {
      if (user.role === 'admin' && (await repos.users.countAdmins()) <= 1) throw new CofferError('user.last_admin');
      await repos.users.delete(userId);
    });
  }
}
