import {
  parseBoolean,
  parseDatabaseUrl,
  parseDuration,
  parseHost,
  parseHttpUrl,
  parseOneOf,
  parsePath,
  parseSize,
  parseWholeNumber,
  type Parser,
} from './config-parsers.js';
import { logLevels, registrationModes } from './config.types.js';

/** One setting: where it comes from, what it means, and how a value is checked. docs/config.md is generated from these. */
export interface SettingDefinition<T> {
  readonly env: `COFFER_${string}`;
  /** The kind of value, shown in the docs. */
  readonly type: string;
  /** Used when the setting is not set, parsed like an operator's value. Absent when `derivedDefault` applies. */
  readonly default?: string;
  /** How the docs describe a default that is computed from other settings. */
  readonly derivedDefault?: string;
  /** Markdown, shown in docs/config.md. */
  readonly description: string;
  /** Completes "COFFER_X must be …" in error messages and "Accepted values: …" in the docs. */
  readonly expected: string;
  readonly example: string;
  /** Secret values never appear in error messages. */
  readonly secret: boolean;
  readonly parse: Parser<T>;
}

const durationUnitsText = 'with a unit (ms, s, m, h or d)';

// setInterval() fires at once instead of waiting when the delay does not fit a signed 32-bit millisecond count.
const maxTimerDelayMs = 2 ** 31 - 1;

export const settings = {
  dataDir: {
    env: 'COFFER_DATA_DIR',
    type: 'path',
    default: './data',
    description:
      'Folder for everything the server stores by default: the SQLite database, blobs and the mail outbox. A relative path is resolved against the working directory. Other relative paths in this configuration are resolved against this folder.',
    expected: 'a folder path',
    example: '/var/lib/coffer',
    secret: false,
    parse: parsePath,
  },
  host: {
    env: 'COFFER_HOST',
    type: 'host',
    default: '127.0.0.1',
    description:
      'Address the HTTP server listens on. The default accepts connections from this machine only; use `0.0.0.0` (or `::`) to listen on every interface.',
    expected: 'a host name or IP address without brackets or port',
    example: '0.0.0.0',
    secret: false,
    parse: parseHost,
  },
  port: {
    env: 'COFFER_PORT',
    type: 'port',
    default: '8080',
    description: 'TCP port the HTTP server listens on.',
    expected: 'a whole number between 0 and 65535 (0 picks a free port)',
    example: '8080',
    secret: false,
    parse: (input) => parseWholeNumber(input, 0, 65535),
  },
  publicUrl: {
    env: 'COFFER_PUBLIC_URL',
    type: 'URL',
    derivedDefault: 'http://<host>:<port>',
    description:
      'The address people use to reach Coffer, including any path prefix. It is used in setup and share links, and when it starts with `https://` session cookies are marked Secure. Set it whenever the server sits behind a reverse proxy or listens on `0.0.0.0`.',
    expected: 'an absolute http:// or https:// URL without user name, query or fragment',
    example: 'https://drive.example.com',
    secret: false,
    parse: parseHttpUrl,
  },
  databaseUrl: {
    env: 'COFFER_DATABASE_URL',
    type: 'database URL',
    default: 'sqlite:coffer.db',
    description:
      'Where metadata is stored. Unset or empty means SQLite at `<dataDir>/coffer.db`. `sqlite:/absolute/path.db` and `sqlite:relative/path.db` (inside `dataDir`) choose another SQLite file; a `postgres://` or `postgresql://` URL uses PostgreSQL, which lets several server instances share one database.',
    expected: 'empty, sqlite:/absolute/file.db, sqlite:relative/file.db or a postgres:// URL',
    example: 'postgres://coffer:password@localhost:5432/coffer',
    secret: true,
    parse: parseDatabaseUrl,
  },
  blobDir: {
    env: 'COFFER_BLOB_DIR',
    type: 'path',
    default: 'blobs',
    description:
      'Folder for the encrypted file contents. A relative path is inside `dataDir`. Put it on a large disk; it must not be shared with another Coffer server.',
    expected: 'a folder path',
    example: '/mnt/storage/coffer-blobs',
    secret: false,
    parse: parsePath,
  },
  outboxDir: {
    env: 'COFFER_MAIL_OUTBOX_DIR',
    type: 'path',
    default: 'outbox',
    description: 'Folder where outgoing mail is written as files. A relative path is inside `dataDir`.',
    expected: 'a folder path',
    example: '/var/lib/coffer/outbox',
    secret: false,
    parse: parsePath,
  },
  registration: {
    env: 'COFFER_REGISTRATION',
    type: 'closed | open',
    default: 'closed',
    description: 'Whether anyone who reaches the server may create an account (`open`), or only administrators create accounts (`closed`).',
    expected: 'closed or open',
    example: 'open',
    secret: false,
    parse: (input) => parseOneOf(input, registrationModes),
  },
  defaultQuotaBytes: {
    env: 'COFFER_DEFAULT_QUOTA',
    type: 'size',
    default: '10GiB',
    description: 'Storage quota given to new accounts. `0` means unlimited. Administrators can change it per account.',
    expected: 'a size such as 500MB or 10GiB (units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), or 0 for unlimited',
    example: '50GiB',
    secret: false,
    parse: parseSize,
  },
  sessionIdleTimeoutMs: {
    env: 'COFFER_SESSION_IDLE_TIMEOUT',
    type: 'duration',
    default: '12h',
    description: 'A browser session that is not used for this long ends, and the user signs in again.',
    expected: `a duration greater than zero ${durationUnitsText}`,
    example: '30m',
    secret: false,
    parse: (input) => positive(parseDuration(input)),
  },
  tokenLifetimeMs: {
    env: 'COFFER_TOKEN_LIFETIME',
    type: 'duration',
    default: '90d',
    description: 'How long a CLI or API token stays valid after it is created.',
    expected: `a duration greater than zero ${durationUnitsText}`,
    example: '30d',
    secret: false,
    parse: (input) => positive(parseDuration(input)),
  },
  trustProxy: {
    env: 'COFFER_TRUST_PROXY',
    type: 'boolean',
    default: 'false',
    description:
      'Trust the `X-Forwarded-For` and `X-Forwarded-Proto` headers. Turn it on only behind a reverse proxy that sets them; otherwise clients could forge their address and dodge rate limits.',
    expected: 'true or false (1/0 and yes/no also work)',
    example: 'true',
    secret: false,
    parse: parseBoolean,
  },
  gcGracePeriodMs: {
    env: 'COFFER_GC_GRACE_PERIOD',
    type: 'duration',
    default: '24h',
    description:
      'Stored objects that no file version refers to are deleted only after this long, so uploads still in progress keep theirs. Make it longer than your slowest upload.',
    expected: `a duration greater than zero ${durationUnitsText}`,
    example: '48h',
    secret: false,
    parse: (input) => positive(parseDuration(input)),
  },
  gcIntervalMs: {
    env: 'COFFER_GC_INTERVAL',
    type: 'duration',
    default: '1h',
    description: 'How often the garbage collector looks for unreferenced objects and expired trash.',
    expected: `a duration between 1s and 24d ${durationUnitsText}`,
    example: '6h',
    secret: false,
    parse: (input) => within(parseDuration(input), 1000, maxTimerDelayMs),
  },
  trashRetentionMs: {
    env: 'COFFER_TRASH_RETENTION',
    type: 'duration',
    default: '30d',
    description: 'Items in the trash are deleted for good after this long. `0` keeps them until the user empties the trash.',
    expected: `a duration ${durationUnitsText}, or 0 to keep trashed items forever`,
    example: '14d',
    secret: false,
    parse: parseDuration,
  },
  uploadExpiryMs: {
    env: 'COFFER_UPLOAD_EXPIRY',
    type: 'duration',
    default: '24h',
    description:
      'A resumable (tus) upload that receives no data for this long expires (`Upload-Expires`); garbage collection then deletes what it had stored. Every request that appends data starts the period again.',
    expected: `a duration greater than zero ${durationUnitsText}`,
    example: '7d',
    secret: false,
    parse: (input) => positive(parseDuration(input)),
  },
  uploadMaxSizeBytes: {
    env: 'COFFER_UPLOAD_MAX_SIZE',
    type: 'size',
    default: '1TiB',
    description: "The largest file a resumable (tus) upload may declare, advertised as `Tus-Max-Size`. The owner's quota applies as well.",
    expected: 'a size such as 500MB or 10GiB (units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)',
    example: '100GiB',
    secret: false,
    parse: (input) => positive(parseSize(input)),
  },
  logLevel: {
    env: 'COFFER_LOG_LEVEL',
    type: logLevels.join(' | '),
    default: 'info',
    description: 'The least severe kind of message written to the log.',
    expected: `one of ${logLevels.join(', ')}`,
    example: 'debug',
    secret: false,
    parse: (input) => parseOneOf(input, logLevels),
  },
  maxJsonBodyBytes: {
    env: 'COFFER_MAX_JSON_BODY',
    type: 'size',
    default: '1MiB',
    description: 'Largest JSON request body the API accepts. File contents do not count: uploads are streamed.',
    expected: 'a size greater than zero such as 512KiB or 1MiB',
    example: '2MiB',
    secret: false,
    parse: (input) => positive(parseSize(input)),
  },
} satisfies Record<string, SettingDefinition<unknown>>;

/** COFFER_* variables that are not server settings. The server ignores them; any other unknown COFFER_* variable is an error. */
export const otherVariables: Readonly<Record<string, string>> = {
  COFFER_CONFIG_FILE: 'Path of the optional JSON config file, relative to the working directory.',
  COFFER_CONFIG_DIR: 'Read by the coffer command-line client.',
  COFFER_SERVER: 'Read by the coffer command-line client.',
  COFFER_TOKEN: 'Read by the coffer command-line client.',
  COFFER_EMAIL: 'Read by the coffer command-line client.',
  COFFER_PASSWORD: 'Read by the coffer command-line client.',
  COFFER_VECTORS_DIR: 'Read by the test suites.',
  'COFFER_TEST_*': 'Read by the test suites.',
};

export type SettingName = keyof typeof settings;
export type SettingValue<K extends SettingName> = NonNullable<ReturnType<(typeof settings)[K]['parse']>>;

export const settingNames = Object.keys(settings) as SettingName[];

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

function within(value: number | undefined, min: number, max: number): number | undefined {
  return value !== undefined && value >= min && value <= max ? value : undefined;
}
