import type { Store } from '../../db/index.js';
import type { BlobStore, ContentCryptoPool } from '../../storage/index.js';
import type { AttemptLimiter, AuthContext } from '../auth/index.js';
import { KeyChain } from './key-chain.js';

/** What every files use case needs; built once by the composition root. */
export class FilesDeps {
  constructor(
    readonly store: Store,
    readonly blobs: BlobStore,
    readonly passphraseLimiter: AttemptLimiter,
    readonly cryptoPool: ContentCryptoPool,
  ) {}

  keyChain(auth: AuthContext): KeyChain {
    return new KeyChain(this.store.repos, auth, this.passphraseLimiter);
  }

  /** Best effort: objects left behind are found again by garbage collection. */
  async deleteObjects(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      try {
        if (await this.store.repos.objects.isReferenced(key)) continue;
        await this.blobs.delete(key);
        await this.store.repos.objects.delete(key);
      } catch {
        // Garbage collection retries later.
      }
    }
  }
}
