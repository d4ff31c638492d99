import {
  parseBoolean,
  parseDatabaseUrl,
  parseDuration,
  parseHost,
  parseHttpUrl,
  parseOneOf,
  parsePath,
  parseSize,
  parseText,
  parseWholeNumber,
  type Parser,
  type SettingInput,
} from './config-parsers.js';
import { logLevels, registrationModes, smtpSecurityModes } from './config.types.js';
import { explainStorageProblem, parseStorage, parseWriteQuorum } from './storage-setting.js';
import { backupSettings } from './backup.settings.js';

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
  /** Says what is wrong with a rejected value, without repeating it (settings with structure, like COFFER_STORAGE). */
  readonly explain?: (input: SettingInput) => string | undefined;
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
  ledgerKeyFile: {
    env: 'COFFER_LEDGER_KEY_FILE',
    type: 'path',
    default: 'ledger-signing.key',
    description:
      "File holding the Ed25519 key that signs the integrity log's checkpoints, created on first start. A relative path is inside `dataDir`. Keep it private and back it up: every server instance sharing one database needs the same file, and an instance whose key does not match the one the database was started with refuses to start.",
    expected: 'a file path',
    example: '/etc/coffer/ledger-signing.key',
    secret: false,
    parse: parsePath,
  },
  storage: {
    env: 'COFFER_STORAGE',
    type: 'JSON list of backends',
    derivedDefault: '[{"type":"local","path":"<blobDir>"}]',
    description:
      'Where encrypted file contents are kept: one backend, or several that each hold every object (replication, see docs/storage.md). A JSON array (in the config file, a plain array) of `{"type":"local","path":"/srv/blobs"}` (a relative path is inside `dataDir`) and `{"type":"s3","bucket":"…","region":"…","endpoint":"https://…","prefix":"coffer/","forcePathStyle":true,"accessKeyId":"…","secretAccessKey":"…"}` entries. For S3, `endpoint` is left out for AWS itself; without the two keys the AWS SDK finds credentials itself (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, shared files, instance roles). Reads try backends in the order listed. Unset means one local folder, `blobDir`.',
    expected: 'a JSON array of local and s3 backends',
    example: '[{"type":"local","path":"blobs"},{"type":"s3","endpoint":"https://s3.example.com","region":"eu-1","bucket":"coffer","forcePathStyle":true}]',
    secret: true,
    parse: parseStorage,
    explain: explainStorageProblem,
  },
  storageWriteQuorum: {
    env: 'COFFER_STORAGE_WRITE_QUORUM',
    type: 'all | number',
    default: 'all',
    description:
      'How many storage backends must hold every object of an upload before it commits. `all` refuses uploads while any backend is down; a smaller number keeps uploads working, and the backends that missed a write are repaired from the others in the background and by scrub.',
    expected: 'all, or a whole number from 1 to the number of backends in COFFER_STORAGE',
    example: '1',
    secret: false,
    parse: parseWriteQuorum,
  },
  scrubIntervalMs: {
    env: 'COFFER_SCRUB_INTERVAL',
    type: 'duration',
    default: '7d',
    description:
      'How often the scrubber reads every stored object on every backend, checks it against its hash and every version against its Merkle root, and repairs bad copies from good ones (`coffer scrub` runs it at once). `0` turns the schedule off.',
    expected: `a duration between 1m and 24d ${durationUnitsText}, or 0 for never`,
    example: '1d',
    secret: false,
    parse: (input) => {
      const value = parseDuration(input);
      return value === 0 ? 0 : within(value, 60_000, maxTimerDelayMs);
    },
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
  smtpHost: {
    env: 'COFFER_SMTP_HOST',
    type: 'host',
    derivedDefault: 'unset',
    description:
      'SMTP server for outgoing mail (sign-in codes, invitations, security notices). Unset means mail is written to the outbox folder instead and nothing leaves the machine. When set, new accounts get the email code as their second factor.',
    expected: 'a host name or IP address without brackets or port',
    example: 'smtp.example.com',
    secret: false,
    parse: parseHost,
  },
  smtpPort: {
    env: 'COFFER_SMTP_PORT',
    type: 'port',
    default: '587',
    description: 'TCP port of the SMTP server (587 for STARTTLS, 465 for implicit TLS).',
    expected: 'a whole number between 1 and 65535',
    example: '465',
    secret: false,
    parse: (input) => parseWholeNumber(input, 1, 65535),
  },
  smtpSecurity: {
    env: 'COFFER_SMTP_SECURITY',
    type: smtpSecurityModes.join(' | '),
    default: 'starttls',
    description:
      '`starttls` requires the STARTTLS upgrade before anything is sent, `tls` speaks TLS from the first byte, `none` sends in the clear (only for a relay on the same machine).',
    expected: `one of ${smtpSecurityModes.join(', ')}`,
    example: 'tls',
    secret: false,
    parse: (input) => parseOneOf(input, smtpSecurityModes),
  },
  smtpUser: {
    env: 'COFFER_SMTP_USER',
    type: 'text',
    derivedDefault: 'unset (no SMTP authentication)',
    description: 'User name for SMTP authentication.',
    expected: 'up to 256 characters',
    example: 'coffer@example.com',
    secret: false,
    parse: parseText,
  },
  smtpPassword: {
    env: 'COFFER_SMTP_PASSWORD',
    type: 'text',
    derivedDefault: 'unset',
    description: 'Password for SMTP authentication. Never logged or shown in error messages.',
    expected: 'up to 256 characters',
    example: 'app-specific-password',
    secret: true,
    parse: parseText,
  },
  mailFrom: {
    env: 'COFFER_MAIL_FROM',
    type: 'email address',
    derivedDefault: 'coffer@<host of publicUrl>',
    description: 'Sender address of the mail Coffer sends.',
    expected: 'an email address',
    example: 'Coffer <coffer@example.com>',
    secret: false,
    parse: parseText,
  },
  ...backupSettings,
} satisfies Record<string, SettingDefinition<unknown>>;

/** COFFER_* variables that are not server settings. The server ignores them; any other unknown COFFER_* variable is an error. */
export const otherVariables: Readonly<Record<string, string>> = {
  COFFER_CONFIG_FILE: 'Path of the optional JSON config file, relative to the working directory.',
  COFFER_CONFIG_DIR: 'Read by the coffer command-line client.',
  COFFER_SERVER: 'Read by the coffer command-line client.',
  COFFER_TOKEN: 'Read by the coffer command-line client.',
  COFFER_EMAIL: 'Read by the coffer command-line client.',
  COFFER_PASSWORD: 'Read by the coffer command-line client.',
  COFFER_CODE: 'Read by the coffer command-line client.',
  COFFER_METHOD: 'Read by the coffer command-line client.',
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
