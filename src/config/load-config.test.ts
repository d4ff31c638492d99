import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleConfigFile } from './config-docs.js';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const cwd = '/srv/coffer';

/** The ConfigError that loading `env` throws. */
function configErrorFor(env: Record<string, string>, dir = cwd): ConfigError {
  try {
    loadConfig(env, dir);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`Expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig defaults', () => {
  it('needs no settings at all', () => {
    expect(loadConfig({}, cwd)).toEqual({
      dataDir: '/srv/coffer/data',
      host: '127.0.0.1',
      port: 8080,
      publicUrl: 'http://127.0.0.1:8080',
      database: { dialect: 'sqlite', file: '/srv/coffer/data/coffer.db' },
      blobDir: '/srv/coffer/data/blobs',
      storage: [{ type: 'local', path: '/srv/coffer/data/blobs' }],
      storageWriteQuorum: 1,
      scrubIntervalMs: 7 * 86_400_000,
      outboxDir: '/srv/coffer/data/outbox',
      ledgerKeyFile: '/srv/coffer/data/ledger-signing.key',
      registration: 'closed',
      defaultQuotaBytes: 10 * 2 ** 30,
      sessionIdleTimeoutMs: 12 * 3_600_000,
      tokenLifetimeMs: 90 * 86_400_000,
      trustProxy: false,
      gcGracePeriodMs: 24 * 3_600_000,
      gcIntervalMs: 3_600_000,
      trashRetentionMs: 30 * 86_400_000,
      uploadExpiryMs: 24 * 3_600_000,
      uploadMaxSizeBytes: 2 ** 40,
      logLevel: 'info',
      mail: { from: 'coffer@127.0.0.1', smtp: undefined },
      maxJsonBodyBytes: 2 ** 20,
      backup: { recipient: undefined, target: undefined, intervalMs: 86_400_000, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 },
    });
  });

  it('reads the backup settings; a relative target is inside dataDir, and a recipient must be an age X25519 key', () => {
    const recipient = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
    expect(loadConfig({ COFFER_BACKUP_RECIPIENT: recipient, COFFER_BACKUP_TARGET: 'backups', COFFER_BACKUP_KEEP_DAILY: '3' }, cwd).backup).toMatchObject({
      recipient,
      target: '/srv/coffer/data/backups',
      keepDaily: 3,
    });
    expect(() => loadConfig({ COFFER_BACKUP_RECIPIENT: 'AGE-SECRET-KEY-1XYZ' }, cwd)).toThrow(/COFFER_BACKUP_RECIPIENT must be an age X25519 recipient/);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({}, cwd);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
  });

  it('treats an empty or blank value as unset', () => {
    expect(loadConfig({ COFFER_PORT: '', COFFER_DATABASE_URL: '', COFFER_LOG_LEVEL: '  ' }, cwd)).toMatchObject({ port: 8080, logLevel: 'info' });
  });

  it('ignores variables of other programs and unrelated variables', () => {
    const env = {
      COFFER_CONFIG_DIR: 'x',
      COFFER_VECTORS_DIR: 'x',
      COFFER_TEST_PG: 'x',
      COFFER_SERVER: 'x',
      COFFER_TOKEN: 'x',
      COFFER_EMAIL: 'x',
      COFFER_PASSWORD: 'x',
      PATH: '/bin',
    };
    expect(() => loadConfig(env, cwd)).not.toThrow();
  });
});

describe('loadConfig paths', () => {
  it('resolves dataDir against the working directory and other paths against dataDir', () => {
    const config = loadConfig({ COFFER_DATA_DIR: 'state', COFFER_BLOB_DIR: 'big/blobs', COFFER_MAIL_OUTBOX_DIR: '/var/mail/coffer' }, cwd);
    expect(config).toMatchObject({ dataDir: '/srv/coffer/state', blobDir: '/srv/coffer/state/big/blobs', outboxDir: '/var/mail/coffer' });
  });

  it('keeps an absolute dataDir', () => {
    expect(loadConfig({ COFFER_DATA_DIR: '/var/lib/coffer' }, cwd).database).toEqual({ dialect: 'sqlite', file: '/var/lib/coffer/coffer.db' });
  });
});

describe('loadConfig values', () => {
  it.each([
    ['COFFER_PORT', '1', { port: 1 }],
    ['COFFER_PORT', '65535', { port: 65535 }],
    ['COFFER_HOST', '0.0.0.0', { host: '0.0.0.0', publicUrl: 'http://0.0.0.0:8080' }],
    ['COFFER_HOST', '::1', { host: '::1', publicUrl: 'http://[::1]:8080' }],
    ['COFFER_HOST', 'coffer-server', { host: 'coffer-server' }],
    ['COFFER_PUBLIC_URL', 'https://drive.example.com/', { publicUrl: 'https://drive.example.com' }],
    ['COFFER_PUBLIC_URL', 'https://example.com/coffer/', { publicUrl: 'https://example.com/coffer' }],
    ['COFFER_PUBLIC_URL', 'http://localhost:3000', { publicUrl: 'http://localhost:3000' }],
    ['COFFER_DATABASE_URL', 'sqlite:/var/db/coffer.db', { database: { dialect: 'sqlite', file: '/var/db/coffer.db' } }],
    ['COFFER_DATABASE_URL', 'sqlite:meta/coffer.db', { database: { dialect: 'sqlite', file: '/srv/coffer/data/meta/coffer.db' } }],
    ['COFFER_DATABASE_URL', 'postgres://u:p@db:5432/coffer', { database: { dialect: 'postgres', url: 'postgres://u:p@db:5432/coffer' } }],
    ['COFFER_DATABASE_URL', 'postgresql://db/coffer', { database: { dialect: 'postgres', url: 'postgresql://db/coffer' } }],
    ['COFFER_REGISTRATION', 'open', { registration: 'open' }],
    ['COFFER_DEFAULT_QUOTA', '500MB', { defaultQuotaBytes: 500_000_000 }],
    ['COFFER_DEFAULT_QUOTA', '1.5 GiB', { defaultQuotaBytes: 1.5 * 2 ** 30 }],
    ['COFFER_DEFAULT_QUOTA', '2tb', { defaultQuotaBytes: 2e12 }],
    ['COFFER_DEFAULT_QUOTA', '4096', { defaultQuotaBytes: 4096 }],
    ['COFFER_DEFAULT_QUOTA', '0', { defaultQuotaBytes: 0 }],
    ['COFFER_SESSION_IDLE_TIMEOUT', '30m', { sessionIdleTimeoutMs: 30 * 60_000 }],
    ['COFFER_SESSION_IDLE_TIMEOUT', '90s', { sessionIdleTimeoutMs: 90_000 }],
    ['COFFER_TOKEN_LIFETIME', '7d', { tokenLifetimeMs: 7 * 86_400_000 }],
    ['COFFER_TRUST_PROXY', 'true', { trustProxy: true }],
    ['COFFER_TRUST_PROXY', 'YES', { trustProxy: true }],
    ['COFFER_TRUST_PROXY', '1', { trustProxy: true }],
    ['COFFER_TRUST_PROXY', 'no', { trustProxy: false }],
    ['COFFER_TRUST_PROXY', '0', { trustProxy: false }],
    ['COFFER_GC_GRACE_PERIOD', '1500ms', { gcGracePeriodMs: 1500 }],
    ['COFFER_GC_INTERVAL', '24d', { gcIntervalMs: 24 * 86_400_000 }],
    ['COFFER_TRASH_RETENTION', '0', { trashRetentionMs: 0 }],
    ['COFFER_TRASH_RETENTION', '14d', { trashRetentionMs: 14 * 86_400_000 }],
    ['COFFER_LOG_LEVEL', 'silent', { logLevel: 'silent' }],
    ['COFFER_MAX_JSON_BODY', '512KiB', { maxJsonBodyBytes: 512 * 1024 }],
  ])('accepts %s=%s', (name, value, expected) => {
    expect(loadConfig({ [name]: value }, cwd)).toMatchObject(expected);
  });

  const durationUnits = 'with a unit (ms, s, m, h or d)';
  it.each([
    ['COFFER_DATA_DIR', 'a\0b', 'must be a folder path, for example /var/lib/coffer'],
    ['COFFER_HOST', 'http://example.com', 'must be a host name or IP address without brackets or port, for example 0.0.0.0'],
    ['COFFER_HOST', '[::1]', 'must be a host name or IP address without brackets or port, for example 0.0.0.0'],
    ['COFFER_PORT', '65536', 'must be a whole number between 0 and 65535 (0 picks a free port), for example 8080'],
    ['COFFER_PORT', '80.5', 'must be a whole number between 0 and 65535 (0 picks a free port), for example 8080'],
    ['COFFER_PORT', 'http', 'must be a whole number between 0 and 65535 (0 picks a free port), for example 8080'],
    [
      'COFFER_PUBLIC_URL',
      'drive.example.com',
      'must be an absolute http:// or https:// URL without user name, query or fragment, for example https://drive.example.com',
    ],
    ['COFFER_PUBLIC_URL', 'ftp://drive.example.com', 'must be an absolute http:// or https:// URL'],
    ['COFFER_PUBLIC_URL', 'https://drive.example.com/?x=1', 'must be an absolute http:// or https:// URL'],
    ['COFFER_PUBLIC_URL', 'https://drive.example.com/#top', 'must be an absolute http:// or https:// URL'],
    ['COFFER_PUBLIC_URL', 'https://me@drive.example.com', 'must be an absolute http:// or https:// URL'],
    ['COFFER_REGISTRATION', 'invite', 'must be closed or open, for example open'],
    ['COFFER_REGISTRATION', 'Open', 'must be closed or open, for example open'],
    [
      'COFFER_DEFAULT_QUOTA',
      '10 gigs',
      'must be a size such as 500MB or 10GiB (units B, KB, MB, GB, TB, KiB, MiB, GiB, TiB), or 0 for unlimited, for example 50GiB',
    ],
    ['COFFER_DEFAULT_QUOTA', '-1', 'must be a size such as 500MB or 10GiB'],
    ['COFFER_DEFAULT_QUOTA', '0.0001KB', 'must be a size such as 500MB or 10GiB'],
    ['COFFER_SESSION_IDLE_TIMEOUT', '12', `must be a duration greater than zero ${durationUnits}, for example 30m`],
    ['COFFER_SESSION_IDLE_TIMEOUT', '0', `must be a duration greater than zero ${durationUnits}, for example 30m`],
    ['COFFER_SESSION_IDLE_TIMEOUT', '1M', `must be a duration greater than zero ${durationUnits}, for example 30m`],
    ['COFFER_TOKEN_LIFETIME', '3 months', `must be a duration greater than zero ${durationUnits}, for example 30d`],
    ['COFFER_TRUST_PROXY', 'maybe', 'must be true or false (1/0 and yes/no also work), for example true'],
    ['COFFER_GC_GRACE_PERIOD', 'h', `must be a duration greater than zero ${durationUnits}, for example 48h`],
    ['COFFER_GC_INTERVAL', '25d', `must be a duration between 1s and 24d ${durationUnits}, for example 6h`],
    ['COFFER_GC_INTERVAL', '500ms', `must be a duration between 1s and 24d ${durationUnits}, for example 6h`],
    ['COFFER_TRASH_RETENTION', 'forever', `must be a duration ${durationUnits}, or 0 to keep trashed items forever, for example 14d`],
    ['COFFER_LOG_LEVEL', 'verbose', 'must be one of fatal, error, warn, info, debug, trace, silent, for example debug'],
    ['COFFER_MAX_JSON_BODY', '0', 'must be a size greater than zero such as 512KiB or 1MiB, for example 2MiB'],
  ])('rejects %s=%s and says how to fix it', (name, value, hint) => {
    const error = configErrorFor({ [name]: value });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toContain(`${name} ${hint}`);
    expect(error.problems[0]).toContain(`(got ${JSON.stringify(value)})`);
    expect(error.message).toContain(error.problems[0]);
  });

  it('words the port problem exactly', () => {
    expect(configErrorFor({ COFFER_PORT: '80800' }).problems).toEqual([
      'COFFER_PORT must be a whole number between 0 and 65535 (0 picks a free port), for example 8080 (got "80800").',
    ]);
  });

  it.each(['mysql://root:hunter2@db/coffer', 'sqlite:', 'postgres://root:hunter2@[bad'])('never echoes a bad database URL (%s)', (value) => {
    const error = configErrorFor({ COFFER_DATABASE_URL: value });
    expect(error.problems).toEqual([
      'COFFER_DATABASE_URL must be empty, sqlite:/absolute/file.db, sqlite:relative/file.db or a postgres:// URL, for example postgres://coffer:password@localhost:5432/coffer (the value is not shown because this setting is secret).',
    ]);
    expect(error.message).not.toContain('hunter2');
  });

  it('lists every problem at once', () => {
    const error = configErrorFor({ COFFER_PORT: 'x', COFFER_LOG_LEVEL: 'loud', COFFER_PROT: '1' });
    expect(error.problems).toHaveLength(3);
    expect(error.message).toMatch(/^The configuration has 3 problems \(docs\/config.md describes every setting\):\n {2}- COFFER_PORT/);
    expect(error.code).toBe('config.invalid');
  });
});

describe('loadConfig unknown variables', () => {
  it.each([
    ['COFFER_PROT', 'COFFER_PROT is not a Coffer setting; did you mean COFFER_PORT?'],
    ['COFFER_DATA_DIRECTORY', 'COFFER_DATA_DIRECTORY is not a Coffer setting; did you mean COFFER_DATA_DIR?'],
    ['COFFER_LOG', 'COFFER_LOG is not a Coffer setting; did you mean COFFER_LOG_LEVEL?'],
    ['COFFER_TRUSTPROXY', 'COFFER_TRUSTPROXY is not a Coffer setting; did you mean COFFER_TRUST_PROXY?'],
    ['COFFER_OUTBOX_DIR', 'COFFER_OUTBOX_DIR is not a Coffer setting; did you mean COFFER_MAIL_OUTBOX_DIR?'],
    ['COFFER_XYZZY', 'COFFER_XYZZY is not a Coffer setting. Rename or remove it.'],
  ])('reports %s with a suggestion', (name, message) => {
    expect(configErrorFor({ [name]: 'value' }).problems[0]).toContain(message);
  });

  it('does not echo the value of an unknown variable, which may be a misspelt secret', () => {
    expect(configErrorFor({ COFFER_DATABSE_URL: 'postgres://u:hunter2@db/x' }).message).not.toContain('hunter2');
  });
});

describe('loadConfig with a config file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'coffer-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeConfig(content: unknown): Promise<string> {
    const file = path.join(dir, 'coffer.json');
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  it('reads settings by their camelCase names, with environment variables winning', async () => {
    const file = await writeConfig({ port: 9000, host: '0.0.0.0', logLevel: 'debug', dataDir: 'state' });
    const config = loadConfig({ COFFER_CONFIG_FILE: file, COFFER_PORT: '9100' }, dir);
    expect(config).toMatchObject({ port: 9100, host: '0.0.0.0', logLevel: 'debug', dataDir: path.join(dir, 'state') });
  });

  it('finds a relative COFFER_CONFIG_FILE in the working directory', async () => {
    await writeConfig({ registration: 'open' });
    expect(loadConfig({ COFFER_CONFIG_FILE: 'coffer.json' }, dir).registration).toBe('open');
  });

  it('takes JSON numbers as bytes and milliseconds, and JSON booleans', async () => {
    const file = await writeConfig({ defaultQuotaBytes: 1000, gcIntervalMs: 60_000, trustProxy: true, trashRetentionMs: '7d' });
    expect(loadConfig({ COFFER_CONFIG_FILE: file }, dir)).toMatchObject({
      defaultQuotaBytes: 1000,
      gcIntervalMs: 60_000,
      trustProxy: true,
      trashRetentionMs: 7 * 86_400_000,
    });
  });

  it('names the file key and file in a problem', async () => {
    const file = await writeConfig({ port: 70000, trustProxy: 'sometimes', logLevel: ['info'] });
    expect(configErrorFor({ COFFER_CONFIG_FILE: file }, dir).problems).toEqual([
      `port in ${file} must be a whole number between 0 and 65535 (0 picks a free port), for example 8080 (got 70000).`,
      `trustProxy in ${file} must be true or false (1/0 and yes/no also work), for example true (got "sometimes").`,
      `logLevel in ${file} must be one of fatal, error, warn, info, debug, trace, silent, for example debug (got ["info"]).`,
    ]);
  });

  it('does not report a bad file value that the environment overrides', async () => {
    const file = await writeConfig({ port: 'nope' });
    expect(loadConfig({ COFFER_CONFIG_FILE: file, COFFER_PORT: '8081' }, dir).port).toBe(8081);
  });

  it('never echoes a secret from the file', async () => {
    const file = await writeConfig({ databaseUrl: 'mysql://root:hunter2@db/x' });
    expect(configErrorFor({ COFFER_CONFIG_FILE: file }, dir).message).not.toContain('hunter2');
  });

  it('reports unknown keys with a suggestion', async () => {
    const file = await writeConfig({ prot: 8080, COFFER_LOG_LEVEL: 'debug', data_dir: '/x', colour: 'blue' });
    expect(configErrorFor({ COFFER_CONFIG_FILE: file }, dir).problems).toEqual([
      `prot in ${file} is not a Coffer setting; did you mean port? Rename or remove it.`,
      `COFFER_LOG_LEVEL in ${file} is not a Coffer setting; did you mean logLevel? Rename or remove it.`,
      `data_dir in ${file} is not a Coffer setting; did you mean dataDir? Rename or remove it.`,
      `colour in ${file} is not a Coffer setting. Rename or remove it.`,
    ]);
  });

  it('reports a missing file', () => {
    const file = path.join(dir, 'missing.json');
    expect(configErrorFor({ COFFER_CONFIG_FILE: file }, dir).problems).toEqual([
      `COFFER_CONFIG_FILE points to ${file}, which does not exist. Fix the path or unset COFFER_CONFIG_FILE.`,
    ]);
  });

  it('reports invalid JSON by position without quoting the file', async () => {
    const file = await writeConfig('{\n  "databaseUrl": "postgres://u:hunter2@db/x",\n  port: 1\n}');
    const error = configErrorFor({ COFFER_CONFIG_FILE: file }, dir);
    expect(error.problems).toEqual([`${file} is not valid JSON (line 3, column 3). Fix the syntax.`]);
    expect(error.message).not.toContain('hunter2');
  });

  it('reports a file that is not one object', async () => {
    const file = await writeConfig([{ port: 1 }]);
    expect(configErrorFor({ COFFER_CONFIG_FILE: file }, dir).problems[0]).toContain('must hold one JSON object whose keys are setting names');
  });

  it('loads the example file shown in docs/config.md', async () => {
    const file = await writeConfig(exampleConfigFile);
    expect(loadConfig({ COFFER_CONFIG_FILE: file }, dir)).toMatchObject({ publicUrl: 'https://drive.example.com', defaultQuotaBytes: 50 * 2 ** 30 });
  });
});
