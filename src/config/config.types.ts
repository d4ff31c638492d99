import type { StorageBackendSetting } from './storage-setting.js';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

export const registrationModes = ['closed', 'open'] as const;
export type RegistrationMode = (typeof registrationModes)[number];

export const smtpSecurityModes = ['starttls', 'tls', 'none'] as const;
export type SmtpSecurityMode = (typeof smtpSecurityModes)[number];

/** Outgoing mail: SMTP when a host is set, else the outbox folder. */
export interface MailConfig {
  readonly smtp:
    | {
        readonly host: string;
        readonly port: number;
        readonly security: SmtpSecurityMode;
        readonly user: string | undefined;
        readonly password: string | undefined;
      }
    | undefined;
  readonly from: string;
}

/** Where the metadata lives. SQLite needs no setup; PostgreSQL lets several server instances share one database. */
export type DatabaseConfig = { readonly dialect: 'sqlite'; readonly file: string } | { readonly dialect: 'postgres'; readonly url: string };

/** A storage backend with its path resolved (docs/storage.md). */
export type StorageBackendConfig = StorageBackendSetting;

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
  /** At least one; the first is read first. Local paths are absolute. */
  readonly storage: readonly StorageBackendConfig[];
  /** Backends that must hold an object before a write succeeds, 1 to storage.length. */
  readonly storageWriteQuorum: number;
  /** 0 means no scheduled scrub. */
  readonly scrubIntervalMs: number;
  readonly outboxDir: string;
  /** The integrity log's signing key (absolute path). */
  readonly ledgerKeyFile: string;
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
  readonly mail: MailConfig;
  readonly backup: BackupConfig;
}

/** Backups (docs/backup.md): the age recipient they are encrypted to and the optional schedule with its retention. */
export interface BackupConfig {
  readonly recipient: string | undefined;
  /** Absolute folder for scheduled backups; undefined means none are scheduled. */
  readonly target: string | undefined;
  readonly intervalMs: number;
  readonly keepDaily: number;
  readonly keepWeekly: number;
  readonly keepMonthly: number;
}
