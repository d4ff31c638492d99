import type {
  AccountsService,
  AdminService,
  AttemptCounter,
  DevicesService,
  EmailChangeService,
  FactorsService,
  PasskeysService,
  PasswordlessService,
  ReauthService,
  SecurityEvents,
  SessionsService,
  SetupService,
  SignInService,
  UsersService,
} from '../features/auth/index.js';
import type {
  ArchiveService,
  BrowseService,
  CopyService,
  DownloadService,
  OrganizeService,
  ReceiptService,
  SearchService,
  UploadService,
  VersionsService,
} from '../features/files/index.js';
import type { LedgerService } from '../features/ledger/index.js';
import type { StorageAdminService } from '../features/maintenance/index.js';
import type { DavLocksService, DavPropertiesService } from '../features/dav/index.js';
import type { AccountDeletionService, AccountExportService } from '../features/portability/index.js';
import type {
  FileRequestsService,
  DropAdoptionService,
  GuestInvitationsService,
  LinkAccessService,
  DeliveriesService,
  LinksService,
  RequestDropService,
  SharedAccessService,
  SharesService,
} from '../features/sharing/index.js';
import type { TusUploadService } from '../features/uploads/index.js';

/** The feature services the HTTP transport may call. Built by the composition root. */
export interface HttpServices {
  readonly sessions: SessionsService;
  readonly accounts: AccountsService;
  readonly setup: SetupService;
  readonly users: UsersService;
  readonly browse: BrowseService;
  readonly upload: UploadService;
  readonly download: DownloadService;
  readonly organize: OrganizeService;
  readonly copy: CopyService;
  readonly versions: VersionsService;
  readonly signIn: SignInService;
  readonly factors: FactorsService;
  readonly passkeys: PasskeysService;
  readonly passwordless: PasswordlessService;
  readonly reauth: ReauthService;
  readonly devices: DevicesService;
  readonly admin: AdminService;
  readonly securityEvents: SecurityEvents;
  readonly emailChange: EmailChangeService;
  readonly ledger: LedgerService;
  readonly receipts: ReceiptService;
  readonly storageAdmin: StorageAdminService;
  readonly search: SearchService;
  readonly archive: ArchiveService;
  readonly davLocks: DavLocksService;
  readonly davProperties: DavPropertiesService;
  /** Failed WebDAV Basic sign-ins, per client address. */
  readonly davBasicLimiter: AttemptCounter;
  readonly accountExport: AccountExportService;
  readonly accountDeletion: AccountDeletionService;
  readonly shares: SharesService;
  readonly sharedAccess: SharedAccessService;
  readonly links: LinksService;
  readonly linkAccess: LinkAccessService;
  readonly deliveries: DeliveriesService;
  readonly fileRequests: FileRequestsService;
  readonly dropAdoption: DropAdoptionService;
  readonly requestDrops: RequestDropService;
  readonly guests: GuestInvitationsService;
  readonly tus: TusUploadService;
}

export interface HttpOptions {
  /** Mark cookies Secure: the public URL is https. */
  readonly secureCookies: boolean;
  readonly registrationOpen: boolean;
  /** Lifetime of the session cookie; the server still ends an idle browser session after the idle timeout. */
  readonly browserSessionSeconds: number;
  readonly maxJsonBodyBytes: number;
  readonly trustProxy: boolean;
}
