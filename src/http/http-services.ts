import type { AccountsService, SessionsService, SetupService, UsersService } from '../features/auth/index.js';
import type { TusUploadService } from '../features/uploads/index.js';
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
