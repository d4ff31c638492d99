import type { CofferConfig } from '../config/index.js';
import { openDatabase, Store, type OpenDatabase } from '../db/index.js';
import {
  AccountsService,
  AdminService,
  ChallengesService,
  type Clock,
  DevicesService,
  EmailChangeService,
  FactorsService,
  PasskeysService,
  PasswordlessService,
  ReauthService,
  SharedAttemptLimiter,
  SecurityMonitor,
  SessionsService,
  SetupService,
  SignInService,
  systemClock,
  TableSecurityEvents,
  UsersService,
} from '../features/auth/index.js';
import {
  ArchiveService,
  BrowseService,
  CopyService,
  DownloadService,
  FilesDeps,
  OrganizeService,
  ReceiptService,
  SearchService,
  UploadService,
  VersionsService,
} from '../features/files/index.js';
import { LedgerService, loadLogKey } from '../features/ledger/index.js';
import { GarbageCollector, Scrubber, StorageAdminService } from '../features/maintenance/index.js';
import { DavLocksService, DavPropertiesService } from '../features/dav/index.js';
import { AccountDeletionService, AccountExportService } from '../features/portability/index.js';
import {
  FileRequestsService,
  DropAdoptionService,
  GrantOpener,
  GuestInvitationsService,
  LinkAccessService,
  DeliveriesService,
  DeliveryGate,
  type DeliveryLimiters,
  LinksService,
  RequestDropService,
  SharedAccessService,
  SharesService,
  TableShareEvents,
} from '../features/sharing/index.js';
import { TusUploadService } from '../features/uploads/index.js';
import type { HttpServices } from '../http/index.js';
import { ContentCryptoPool, ReplicatedBlobStore, type BlobStore, type ObjectCheck } from '../storage/index.js';
import { openStorage, type OpenStorage } from './open-storage.js';
import { createMailer, loadFactorKey } from './security-setup.js';

export interface CofferServices extends HttpServices {
  readonly store: Store;
  readonly blobs: BlobStore;
  readonly gc: GarbageCollector;
  /** The time source of sign-in checks; tests move it forward to expire codes. */
  readonly clock: Clock;
  /** The backends behind `blobs` (one, or the replicas). */
  readonly storage: OpenStorage;
  readonly scrubber: Scrubber;
  close(): Promise<void>;
}

const minute = 60_000;
/** The limiters' usual policy after the free failures: 1 s, doubling up to 15 minutes, counted over 15 minutes. */
const quarterHour = { windowMs: 15 * minute, baseDelayMs: 1000, maxDelayMs: 15 * minute };
/** Mail sending: 1 minute, doubling up to an hour, counted over an hour. */
const hour = { windowMs: 60 * minute, baseDelayMs: minute, maxDelayMs: 60 * minute };

export interface ServiceHooks {
  /** Told about each background repair of a replica (the server logs it). */
  readonly onRepair?: (check: ObjectCheck) => void;
  readonly onScrubFailed?: (err: unknown) => void;
}

/**
 * The composition root: the only place that knows which implementation backs each interface.
 * Everything is built from the validated config; nothing below this file reads the environment.
 */
export async function createServices(config: CofferConfig, hooks: ServiceHooks = {}): Promise<CofferServices> {
  const database: OpenDatabase = await openDatabase(config.database);
  try {
    const storage = await openStorage(config, hooks.onRepair);
    const blobs = storage.blobs;
    const store = new Store(database.db);
    // Every limiter counts in the database, so instances on one database share the counts: an attacker gains nothing
    // by spreading guesses over them. Each has its own name (the prefix of its rows).
    const accountLimiter = new SharedAttemptLimiter(store, 'account', { freeAttempts: 5, ...quarterHour });
    const addressLimiter = new SharedAttemptLimiter(store, 'address', { freeAttempts: 20, ...quarterHour });
    const recoveryLimiter = new SharedAttemptLimiter(store, 'recovery', { freeAttempts: 5, windowMs: 60 * minute, baseDelayMs: 5000, maxDelayMs: 60 * minute });
    const passphraseLimiter = new SharedAttemptLimiter(store, 'passphrase', { freeAttempts: 5, ...quarterHour });

    const factorLimiter = new SharedAttemptLimiter(store, 'factor', { freeAttempts: 5, ...quarterHour });
    const clock = systemClock();
    const mailer = createMailer(config);
    const securityEvents = new TableSecurityEvents(store, () => clock.now());
    const monitor = new SecurityMonitor(store, mailer, securityEvents, clock, { accountNoticeAfter: 5, burstAccounts: 10, windowMs: 15 * minute });
    const sessions = new SessionsService(
      store,
      { browserIdleTimeoutMs: config.sessionIdleTimeoutMs, tokenLifetimeMs: config.tokenLifetimeMs },
      accountLimiter,
      addressLimiter,
      (email, user) => monitor.passwordFailed(email, user),
    );
    const accounts = new AccountsService(store, recoveryLimiter, mailer.delivers);
    const factors = new FactorsService(store, await loadFactorKey(config.dataDir), 'Coffer', clock);
    const publicUrl = new URL(config.publicUrl);
    const passkeys = new PasskeysService(store, { name: 'Coffer', id: publicUrl.hostname, origin: publicUrl.origin }, clock);
    const passwordless = new PasswordlessService(store, { name: 'Coffer', id: publicUrl.hostname, origin: publicUrl.origin }, addressLimiter, clock);
    const challenges = new ChallengesService(store, factors, passkeys, mailer, factorLimiter, clock);
    const cryptoPool = ContentCryptoPool.create();
    const files = new FilesDeps(store, blobs, passphraseLimiter, cryptoPool);
    const dropAdoption = new DropAdoptionService(files);
    const browse = new BrowseService(files, dropAdoption);
    const upload = new UploadService(files);
    const download = new DownloadService(files);
    const ledger = new LedgerService(store, await loadLogKey(config.ledgerKeyFile, store, config.publicUrl));
    const scrubber = new Scrubber(store, storage.replicas);
    const shareEvents = new TableShareEvents(store);
    const grants = new GrantOpener(files);
    // Link ids are 128 random bits and secrets 256: the limiter only has to make guessing slow and visible.
    const linkGuessLimiter = new SharedAttemptLimiter(store, 'link-guess', { freeAttempts: 20, ...quarterHour });
    const shares = new SharesService(files, grants, shareEvents);
    const linkPasswordLimiter = new SharedAttemptLimiter(store, 'link-password', { freeAttempts: 5, ...quarterHour });
    const links = new LinksService(files, shareEvents);
    // Delivery codes (6 digits): wrong codes and mailed codes are counted per recipient and per client address.
    const deliveryGate = new DeliveryGate(store, mailer, deliveryLimiters(store), shareEvents);
    const tus = new TusUploadService(files, { expiryMs: config.uploadExpiryMs, maxSizeBytes: config.uploadMaxSizeBytes });
    return {
      store,
      blobs,
      sessions,
      accounts,
      setup: new SetupService(store, accounts, config.defaultQuotaBytes),
      users: new UsersService(store, accounts, config.defaultQuotaBytes, securityEvents),
      signIn: new SignInService(sessions, factors, challenges, monitor, passwordless),
      passwordless,
      reauth: new ReauthService(store, sessions, passkeys, clock),
      factors,
      passkeys,
      devices: new DevicesService(store, sessions),
      admin: new AdminService(store, blobs, accounts, factors, mailer, securityEvents, clock, config.publicUrl, config.defaultQuotaBytes),
      securityEvents,
      emailChange: new EmailChangeService(store, mailer, clock, config.publicUrl),
      clock,
      browse,
      upload,
      download,
      organize: new OrganizeService(files),
      copy: new CopyService(files, browse, upload, download),
      versions: new VersionsService(files),
      ledger,
      receipts: new ReceiptService(files, ledger),
      storage,
      scrubber,
      storageAdmin: new StorageAdminService(store, scrubber, {
        backends: storage.replicas.map((r) => r.description),
        writeQuorum: storage.writeQuorum,
        scrubIntervalMs: config.scrubIntervalMs,
        pendingRepairs: () => (storage.blobs instanceof ReplicatedBlobStore ? storage.blobs.repairs.size : 0),
        ...(hooks.onScrubFailed ? { onScrubFailed: hooks.onScrubFailed } : {}),
      }),
      search: new SearchService(files),
      archive: new ArchiveService(files, download),
      davLocks: new DavLocksService(files),
      davProperties: new DavPropertiesService(files),
      davBasicLimiter: new SharedAttemptLimiter(store, 'dav-basic', { freeAttempts: 10, ...quarterHour }),
      accountExport: new AccountExportService(files, download),
      accountDeletion: new AccountDeletionService(store, recoveryLimiter),
      shares,
      sharedAccess: new SharedAccessService(files, grants, download, upload, shareEvents),
      links,
      linkAccess: new LinkAccessService(files, linkGuessLimiter, linkPasswordLimiter, shareEvents, deliveryGate),
      deliveries: new DeliveriesService(files, links, mailer, shareEvents, config.publicUrl),
      fileRequests: new FileRequestsService(files),
      dropAdoption,
      requestDrops: new RequestDropService(files, upload, linkGuessLimiter, linkPasswordLimiter, shareEvents),
      guests: new GuestInvitationsService(files, accounts, shares, linkGuessLimiter, config.defaultQuotaBytes),
      tus,
      gc: new GarbageCollector(store, blobs, sessions, { gracePeriodMs: config.gcGracePeriodMs, trashRetentionMs: config.trashRetentionMs }, tus),
      close: async () => {
        await storage.close();
        await cryptoPool.close();
        await database.close();
      },
    };
  } catch (err) {
    await database.close();
    throw err;
  }
}

function deliveryLimiters(store: Store): DeliveryLimiters {
  return {
    codeByRecipient: new SharedAttemptLimiter(store, 'delivery-code-recipient', { freeAttempts: 5, ...quarterHour }),
    codeByAddress: new SharedAttemptLimiter(store, 'delivery-code-address', { freeAttempts: 20, ...quarterHour }),
    sendByRecipient: new SharedAttemptLimiter(store, 'delivery-send-recipient', { freeAttempts: 5, ...hour }),
    sendByAddress: new SharedAttemptLimiter(store, 'delivery-send-address', { freeAttempts: 30, ...hour }),
  };
}
