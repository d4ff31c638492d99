import { parseDuration, parsePath, parseWholeNumber, type SettingInput } from './config-parsers.js';

const maxTimerDelayMs = 2 ** 31 - 1;

function parseAgeRecipient(input: SettingInput): string | undefined {
  return typeof input === 'string' && /^age1[02-9ac-hj-np-z]{58}$/.test(input) ? input : undefined;
}

/** Settings of backups (docs/backup.md); spread into the settings table. */
export const backupSettings = {
  backupRecipient: {
    env: 'COFFER_BACKUP_RECIPIENT',
    type: 'age recipient',
    derivedDefault: 'unset (backups refuse to run)',
    description:
      'The age X25519 public key (`age1…`, from `age-keygen`) that backups are encrypted to. Keep the matching secret key (`AGE-SECRET-KEY-1…`) off the server: `coffer backup restore` and `coffer backup verify` need it, the server never does.',
    expected: 'an age X25519 recipient: age1 followed by 58 characters',
    example: 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p',
    secret: false,
    parse: parseAgeRecipient,
  },
  backupTarget: {
    env: 'COFFER_BACKUP_TARGET',
    type: 'path',
    derivedDefault: 'unset (no scheduled backups)',
    description:
      'Folder (or `s3://bucket/prefix?endpoint=…&region=…&forcePathStyle=true` address, credentials from `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` or the SDK default chain) the server backs up to on its own, every `COFFER_BACKUP_INTERVAL`, pruning by the keep settings afterwards. A relative path is inside `dataDir`; put it on another disk or mount.',
    expected: 'a folder path or an s3:// address',
    example: '/mnt/backup/coffer',
    secret: false,
    parse: parsePath,
  },
  backupIntervalMs: {
    env: 'COFFER_BACKUP_INTERVAL',
    type: 'duration',
    default: '1d',
    description: 'How often scheduled backups run (when `COFFER_BACKUP_TARGET` is set).',
    expected: 'a duration between 1s and 24d with a unit (ms, s, m, h or d)',
    example: '6h',
    secret: false,
    parse: (input: SettingInput) => {
      const value = parseDuration(input);
      return value !== undefined && value >= 1000 && value <= maxTimerDelayMs ? value : undefined;
    },
  },
  backupKeepDaily: {
    env: 'COFFER_BACKUP_KEEP_DAILY',
    type: 'count',
    default: '7',
    description: 'Pruning keeps the newest snapshot of each of this many most recent days that have one.',
    expected: 'a whole number between 0 and 10000',
    example: '14',
    secret: false,
    parse: (input: SettingInput) => parseWholeNumber(input, 0, 10_000),
  },
  backupKeepWeekly: {
    env: 'COFFER_BACKUP_KEEP_WEEKLY',
    type: 'count',
    default: '4',
    description: 'Pruning keeps the newest snapshot of each of this many most recent weeks (Monday to Sunday, UTC) that have one.',
    expected: 'a whole number between 0 and 10000',
    example: '8',
    secret: false,
    parse: (input: SettingInput) => parseWholeNumber(input, 0, 10_000),
  },
  backupKeepMonthly: {
    env: 'COFFER_BACKUP_KEEP_MONTHLY',
    type: 'count',
    default: '12',
    description: 'Pruning keeps the newest snapshot of each of this many most recent months that have one. The newest snapshot of all is always kept.',
    expected: 'a whole number between 0 and 10000',
    example: '24',
    secret: false,
    parse: (input: SettingInput) => parseWholeNumber(input, 0, 10_000),
  },
} as const;
