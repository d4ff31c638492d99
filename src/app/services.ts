import type { CofferConfig } from '../config/index.js';
import { openDatabase, Store, type OpenDatabase } from '../db/index.js';
import { AccountsService, AttemptLimiter, SessionsService, SetupService, UsersService } from '../features/auth/index.js';
import { BrowseService, CopyService, DownloadService, FilesDeps, OrganizeService, UploadService, VersionsService } from '../features/files/index.js';
import { GarbageCollector } from '../features/maintenance/index.js';
import { TusUploadService } from '../features/uploads/index.js';
import type { HttpServices } from '../http/index.js';
import { ContentCryptoPool, LocalFolderBlobStore, type BlobStore } from '../storage/index.js';

export interface CofferServices extends HttpServices {
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly gc: GarbageCollector;
  close(): Promise<void>;
}

const minute = 60_000;

/**
 * The composition root: the only place that knows which implementation backs each interface.
 * Everything is built from the validated config; nothing below this file reads the environment.
 */
export async function createServices(config: CofferConfig): Promise<CofferServices> {
  const database: OpenDatabase = await openDatabase(config.database);
  try {
    const blobs = await LocalFolderBlobStore.open(config.blobDir);
    const store = new Store(database.db);
    const accountLimiter = new AttemptLimiter({ freeAttempts: 5, windowMs: 15 * minute, baseDelayMs: 1000, maxDelayMs: 15 * minute });
    const addressLimiter = new AttemptLimiter({ freeAttempts: 20, windowMs: 15 * minute, baseDelayMs: 1000, maxDelayMs: 15 * minute });
    const recoveryLimiter = new AttemptLimiter({ freeAttempts: 5, windowMs: 60 * minute, baseDelayMs: 5000, maxDelayMs: 60 * minute });
    const passphraseLimiter = new AttemptLimiter({ freeAttempts: 5, windowMs: 15 * minute, baseDelayMs: 1000, maxDelayMs: 15 * minute });

    const sessions = new SessionsService(
      store,
      { browserIdleTimeoutMs: config.sessionIdleTimeoutMs, tokenLifetimeMs: config.tokenLifetimeMs },
      accountLimiter,
      addressLimiter,
    );
    const accounts = new AccountsService(store, recoveryLimiter);
    const cryptoPool = ContentCryptoPool.create();
    const files = new FilesDeps(store, blobs, passphraseLimiter, cryptoPool);
    const browse = new BrowseService(files);
    const upload = new UploadService(files);
    const download = new DownloadService(files);
    const tus = new TusUploadService(files, { expiryMs: config.uploadExpiryMs, maxSizeBytes: config.uploadMaxSizeBytes });
    return {
      store,
      blobs,
      sessions,
      accounts,
      setup: new SetupService(store, accounts, config.defaultQuotaBytes),
      users: new UsersService(store, accounts, config.defaultQuotaBytes),
      browse,
      upload,
      download,
      organize: new OrganizeService(files),
      copy: new CopyService(files, browse, upload, download),
      versions: new VersionsService(files),
      tus,
      gc: new GarbageCollector(store, blobs, sessions, { gracePeriodMs: config.gcGracePeriodMs, trashRetentionMs: config.trashRetentionMs }, tus),
      close: async () => {
        await cryptoPool.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}
