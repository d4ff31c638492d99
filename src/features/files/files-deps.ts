import type { Store } from '../../db/index.js';
import type { BlobStore, ContentCryptoPool } from '../../storage/index.js';
import type { AttemptCounter, AuthContext } from '../auth/index.js';
import { KeyChain } from './key-chain.js';

/** What every files use case needs; built once by the composition root. */
export class FilesDeps {
  constructor(
    readonly store: Store,
    readonly blobs: BlobStore,
    readonly passphraseLimiter: AttemptCounter,
    readonly cryptoPool: ContentCryptoPool,
  ) {}

  keyChain(auth: AuthContext): KeyChain {
    return new KeyChain(this.store.repos, auth, this.passphraseLimiter);
  }

  /** Deletes objects no version uses any more. Best effort: garbage collection finds whatever is left. */
  async deleteObjects(keys: readonly string[]): Promise<void> {
    try {
      const stillUsed = await this.store.repos.versions.referencedObjects(keys);
      for (const key of keys) if (!stillUsed.has(key)) await this.blobs.delete(key);
    } catch {
      // Garbage collection retries later.
    }
  }
}
