export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export const registrationModes = ['closed', 'open'] as const;
export type RegistrationMode = (typeof registrationModes)[number];

/** Where the metadata lives. SQLite needs no setup; PostgreSQL lets several server instances share one database. */
export type DatabaseConfig = { readonly dialect: 'sqlite'; readonly file: string } | { readonly dialect: 'postgres'; readonly url: string };

/**
 * The validated settings of one server process (docs/config.md explains each).
 * Paths are absolute; sizes are bytes; durations are milliseconds.
 */
export interface CofferConfig {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** The address people use, without a trailing slash; an https URL means cookies are marked Secure. */
  readonly publicUrl: string;
  readonly database: DatabaseConfig;
  readonly blobDir: string;
  readonly outboxDir: string;
  readonly registration: RegistrationMode;
  /** 0 means unlimited. */
  readonly defaultQuotaBytes: number;
  readonly sessionIdleTimeoutMs: number;
  readonly tokenLifetimeMs: number;
  readonly trustProxy: boolean;
  readonly gcGracePeriodMs: number;
  readonly gcIntervalMs: number;
  /** 0 means trashed items are kept until the user empties the trash. */
  readonly trashRetentionMs: number;
  readonly uploadExpiryMs: number;
  readonly uploadMaxSizeBytes: number;
  readonly logLevel: LogLevel;
  readonly maxJsonBodyBytes: number;
}
