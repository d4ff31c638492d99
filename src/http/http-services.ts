import type { AccountsService, SessionsService, SetupService, UsersService } from '../features/auth/index.js';
import type {
  FileRequestsService,
  GuestInvitationsService,
  RequestDropService,
  LinkAccessService,
  LinksService,
  SharedAccessService,
  SharesService,
} from '../features/sharing/index.js';
import type { BrowseService, CopyService, DownloadService, OrganizeService, UploadService, VersionsService } from '../features/files/index.js';

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
  readonly shares: SharesService;
  readonly sharedAccess: SharedAccessService;
  readonly links: LinksService;
  readonly linkAccess: LinkAccessService;
  readonly fileRequests: FileRequestsService;
  readonly requestDrops: RequestDropService;
  readonly guests: GuestInvitationsService;
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
