import { CofferError } from '../../domain/index.js';
import { derivePasswordSecrets, passwordVerifier, verifiersEqual } from '../../crypto/index.js';
import type { Store } from '../../db/index.js';
import { refuseWhileBlocked, type AttemptCounter } from '../auth/index.js';
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
    private readonly guessLimiter: AttemptCounter,
  ) {}

  async deleteOwn(userId: string, password: string): Promise<void> {
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw new CofferError('auth.session_invalid');
    const limiterKey = `account-delete:${userId}`;
    await refuseWhileBlocked(this.guessLimiter, limiterKey);
    const { authKey } = await derivePasswordSecrets(password, parseKdf(user.password_kdf));
    if (!verifiersEqual(passwordVerifier(authKey), user.password_verifier)) {
      await this.guessLimiter.fail(limiterKey);
      throw new CofferError('auth.invalid_credentials', 'The password is wrong.');
    }
    await this.guessLimiter.succeed(limiterKey);
    await this.store.transaction(async (repos) => {
      if (user.role === 'admin' && (await repos.users.countAdmins()) <= 1) throw new CofferError('user.last_admin');
      await repos.users.delete(userId);
    });
  }
}
