import { readFileSync } from 'node:fs';
import path from 'node:path';
import { closestName } from './closest-name.js';
import { ConfigError } from './config-error.js';
import type { SettingInput } from './config-parsers.js';
import { otherVariables, settingNames, settings, type SettingDefinition, type SettingName, type SettingValue } from './config.schema.js';
import type { BackupConfig, CofferConfig, DatabaseConfig, MailConfig, StorageBackendConfig } from './config.types.js';

type Environment = Readonly<Record<string, string | undefined>>;
interface ConfigFile {
  readonly path: string;
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * Reads the settings from `COFFER_*` environment variables and the optional JSON file named by COFFER_CONFIG_FILE
 * (environment variables win), applies defaults and checks every value. Throws a ConfigError that lists every problem.
 * An empty value counts as unset, so `COFFER_PORT=` in a compose file falls back to the default.
 */
export function loadConfig(env: Environment = process.env, cwd: string = process.cwd()): CofferConfig {
  const problems: string[] = [];
  const file = readConfigFile(env, cwd, problems);
  const read = <K extends SettingName>(name: K) => readSetting(name, env, file, problems);
  const withDefault = <K extends SettingName>(name: K): SettingValue<K> => {
    const value = read(name);
    if (value === undefined) throw new Error(`Setting ${name} has no default; read it with read()`);
    return value;
  };

  const dataDir = path.resolve(cwd, withDefault('dataDir'));
  const host = withDefault('host');
  const port = withDefault('port');
  const database = withDefault('databaseUrl');
  const publicUrl = read('publicUrl') ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const blobDir = path.resolve(dataDir, withDefault('blobDir'));
  const storage: StorageBackendConfig[] = (read('storage') ?? [{ type: 'local', path: blobDir }]).map((backend) =>
    Object.freeze(backend.type === 'local' ? { type: 'local', path: path.resolve(dataDir, backend.path) } : backend),
  );
  const quorum = withDefault('storageWriteQuorum');
  if (quorum !== 'all' && quorum > storage.length) {
    problems.push(
      `COFFER_STORAGE_WRITE_QUORUM is ${quorum}, but COFFER_STORAGE lists ${storage.length} backend${storage.length === 1 ? '' : 's'}. Lower the quorum or add backends.`,
    );
  }
  const config: CofferConfig = {
    dataDir,
    host,
    port,
    publicUrl,
    database: Object.freeze<DatabaseConfig>(database.dialect === 'sqlite' ? { dialect: 'sqlite', file: path.resolve(dataDir, database.file) } : database),
    blobDir,
    storage: Object.freeze(storage),
    storageWriteQuorum: quorum === 'all' || quorum > storage.length ? storage.length : quorum,
    scrubIntervalMs: withDefault('scrubIntervalMs'),
    outboxDir: path.resolve(dataDir, withDefault('outboxDir')),
    ledgerKeyFile: path.resolve(dataDir, withDefault('ledgerKeyFile')),
    registration: withDefault('registration'),
    defaultQuotaBytes: withDefault('defaultQuotaBytes'),
    sessionIdleTimeoutMs: withDefault('sessionIdleTimeoutMs'),
    tokenLifetimeMs: withDefault('tokenLifetimeMs'),
    trustProxy: withDefault('trustProxy'),
    gcGracePeriodMs: withDefault('gcGracePeriodMs'),
    gcIntervalMs: withDefault('gcIntervalMs'),
    trashRetentionMs: withDefault('trashRetentionMs'),
    uploadExpiryMs: withDefault('uploadExpiryMs'),
    uploadMaxSizeBytes: withDefault('uploadMaxSizeBytes'),
    logLevel: withDefault('logLevel'),
    maxJsonBodyBytes: withDefault('maxJsonBodyBytes'),
    mail: readMailConfig(read, withDefault, publicUrl),
    backup: backupConfig(read, withDefault, dataDir),
  };
  problems.push(...findUnknownVariables(env));
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function readMailConfig(
  read: <K extends SettingName>(name: K) => SettingValue<K> | undefined,
  withDefault: <K extends SettingName>(name: K) => SettingValue<K>,
  publicUrl: string,
): MailConfig {
  const host = read('smtpHost');
  const smtp = host
    ? { host, port: withDefault('smtpPort'), security: withDefault('smtpSecurity'), user: read('smtpUser'), password: read('smtpPassword') }
    : undefined;
  const from = read('mailFrom') ?? `coffer@${new URL(publicUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost'}`;
  return Object.freeze({ smtp: smtp && Object.freeze(smtp), from });
}

function backupConfig(
  read: <K extends SettingName>(name: K) => SettingValue<K> | undefined,
  withDefault: <K extends SettingName>(name: K) => SettingValue<K>,
  dataDir: string,
): BackupConfig {
  const target = read('backupTarget');
  return Object.freeze({
    recipient: read('backupRecipient'),
    // An s3:// address is kept as written; a folder is resolved against dataDir.
    target: target === undefined || target.startsWith('s3://') ? target : path.resolve(dataDir, target),
    intervalMs: withDefault('backupIntervalMs'),
    keepDaily: withDefault('backupKeepDaily'),
    keepWeekly: withDefault('backupKeepWeekly'),
    keepMonthly: withDefault('backupKeepMonthly'),
  });
}

/**
 * The setting's value from the environment, else the file, else its default. A bad value is reported and replaced
 * by the default, so the settings derived from it can still be checked and every problem lands in one report.
 */
function readSetting<K extends SettingName>(name: K, env: Environment, file: ConfigFile | undefined, problems: string[]): SettingValue<K> | undefined {
  const definition = settings[name] as SettingDefinition<SettingValue<K>>;
  const found = findInput(name, definition.env, env, file);
  if (found) {
    const value = isSettingInput(found.input) ? definition.parse(found.input) : undefined;
    if (value !== undefined) return value;
    const shown = definition.secret ? 'the value is not shown because this setting is secret' : `got ${describeValue(found.input)}`;
    const reason = isSettingInput(found.input) ? definition.explain?.(found.input) : undefined;
    problems.push(`${found.source} must be ${definition.expected}${reason ? ` (${reason})` : ''}, for example ${definition.example} (${shown}).`);
  }
  return definition.default === undefined ? undefined : definition.parse(definition.default);
}

function findInput(name: SettingName, envName: string, env: Environment, file: ConfigFile | undefined): { input: unknown; source: string } | undefined {
  const fromEnv = env[envName]?.trim();
  if (fromEnv) return { input: fromEnv, source: envName };
  const fromFile = file?.values[name];
  const trimmed = typeof fromFile === 'string' ? fromFile.trim() : fromFile;
  if (file && trimmed !== undefined && trimmed !== '') return { input: trimmed, source: `${name} in ${file.path}` };
  return undefined;
}

function readConfigFile(env: Environment, cwd: string, problems: string[]): ConfigFile | undefined {
  const location = env.COFFER_CONFIG_FILE?.trim();
  if (!location) return undefined;
  const file = path.resolve(cwd, location);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    problems.push(`COFFER_CONFIG_FILE points to ${file}, which ${reason}. Fix the path or unset COFFER_CONFIG_FILE.`);
    return undefined;
  }
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch (err) {
    // Not err.message: V8 quotes the text around the mistake, and that text may hold the database password.
    const position = /position (\d+)/.exec(String(err))?.[1];
    problems.push(`${file} is not valid JSON${position === undefined ? '' : ` (${describePosition(text, Number(position))})`}. Fix the syntax.`);
    return undefined;
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    problems.push(`${file} must hold one JSON object whose keys are setting names, for example {"port": 8080}.`);
    return undefined;
  }
  for (const key of Object.keys(values)) {
    if (Object.hasOwn(settings, key)) continue;
    const suggestion = settingNames.find((name) => settings[name].env === key) ?? closestName(key, settingNames);
    problems.push(`${key} in ${file} is not a Coffer setting${suggestion ? `; did you mean ${suggestion}?` : '.'} Rename or remove it.`);
  }
  return { path: file, values: values as Record<string, unknown> };
}

function findUnknownVariables(env: Environment): string[] {
  const known: string[] = settingNames.map((name) => settings[name].env);
  return Object.keys(env)
    .filter((name) => name.startsWith('COFFER_') && !known.includes(name) && !isOtherVariable(name))
    .sort()
    .map((name) => {
      // The value is never shown: a misspelt secret is still a secret.
      const suggestion = closestName(name, known, 'COFFER_');
      return `${name} is not a Coffer setting${suggestion ? `; did you mean ${suggestion}?` : '.'} Rename or remove it.`;
    });
}

function isOtherVariable(name: string): boolean {
  return Object.keys(otherVariables).some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern));
}

function isSettingInput(value: unknown): value is SettingInput {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || Array.isArray(value);
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function describePosition(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}
