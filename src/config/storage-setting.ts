import type { SettingInput } from './config-parsers.js';

/** One backend as written in COFFER_STORAGE, before relative paths are resolved. */
export type StorageBackendSetting =
  | { readonly type: 'local'; readonly path: string }
  | {
      readonly type: 's3';
      readonly endpoint?: string;
      readonly region: string;
      readonly bucket: string;
      readonly prefix: string;
      readonly accessKeyId?: string;
      readonly secretAccessKey?: string;
      readonly forcePathStyle: boolean;
    };

const maxBackends = 8;
const localKeys = new Set(['type', 'path']);
const s3Keys = new Set(['type', 'endpoint', 'region', 'bucket', 'prefix', 'accessKeyId', 'secretAccessKey', 'forcePathStyle']);

/** The backend list, or undefined when it is not acceptable (`explainStorageProblem` then says why). */
export function parseStorage(input: SettingInput): StorageBackendSetting[] | undefined {
  const result = readStorage(input);
  return typeof result === 'string' ? undefined : result;
}

/** Why a backend list is not acceptable, without repeating any value from it (it may hold a secret key). */
export function explainStorageProblem(input: SettingInput): string | undefined {
  const result = readStorage(input);
  return typeof result === 'string' ? result : undefined;
}

/** `all`, or how many backends must hold an object before an upload may commit. */
export function parseWriteQuorum(input: SettingInput): number | 'all' | undefined {
  if (input === 'all') return 'all';
  const value = typeof input === 'number' ? input : typeof input === 'string' && /^\d+$/.test(input) ? Number(input) : NaN;
  return Number.isSafeInteger(value) && value >= 1 && value <= maxBackends ? value : undefined;
}

function readStorage(input: SettingInput): StorageBackendSetting[] | string {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return 'it is not valid JSON';
    }
  }
  if (!Array.isArray(value) || value.length === 0) return 'it must be a JSON array with at least one backend';
  if (value.length > maxBackends) return `at most ${maxBackends} backends are supported`;
  const backends: StorageBackendSetting[] = [];
  for (const [index, entry] of value.entries()) {
    const backend = readBackend(entry);
    if (typeof backend === 'string') return `backend ${index + 1}: ${backend}`;
    backends.push(backend);
  }
  return backends;
}

function readBackend(entry: unknown): StorageBackendSetting | string {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return 'each backend is a JSON object with a "type"';
  const fields = entry as Record<string, unknown>;
  if (fields.type === 'local') {
    const unknown = Object.keys(fields).find((key) => !localKeys.has(key));
    if (unknown) return `a local backend takes only "type" and "path", not "${unknown}"`;
    if (typeof fields.path !== 'string' || fields.path.length === 0 || fields.path.includes('\0')) return 'a local backend needs a "path" (a folder)';
    return { type: 'local', path: fields.path };
  }
  if (fields.type !== 's3') return '"type" must be "local" or "s3"';
  const unknown = Object.keys(fields).find((key) => !s3Keys.has(key));
  if (unknown) return `an s3 backend does not take "${unknown}" (it takes ${[...s3Keys].map((k) => `"${k}"`).join(', ')})`;
  const text = (name: string): string | undefined | false => {
    const field = fields[name];
    return field === undefined ? undefined : typeof field === 'string' && field.length > 0 ? field : false;
  };
  const bucket = text('bucket');
  if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
    return 'an s3 backend needs a "bucket": 3 to 63 lowercase letters, digits, dots or hyphens';
  const endpoint = text('endpoint');
  if (endpoint === false || (endpoint !== undefined && !isHttpUrl(endpoint)))
    return '"endpoint" must be an http:// or https:// URL without user name or password';
  const region = text('region');
  if (region === false) return '"region" must be a non-empty string such as "us-east-1"';
  const prefix = text('prefix');
  if (prefix === false) return '"prefix" must be a non-empty string (or left out)';
  const accessKeyId = text('accessKeyId');
  const secretAccessKey = text('secretAccessKey');
  if (accessKeyId === false || secretAccessKey === false || (accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    return 'give both "accessKeyId" and "secretAccessKey", or neither (then the AWS_* variables or an instance role apply)';
  }
  if (fields.forcePathStyle !== undefined && typeof fields.forcePathStyle !== 'boolean') return '"forcePathStyle" must be true or false';
  return {
    type: 's3',
    bucket,
    region: region ?? 'us-east-1',
    prefix: prefix ?? '',
    forcePathStyle: fields.forcePathStyle === true,
    ...(endpoint ? { endpoint } : {}),
    ...(accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : {}),
  };
}

function isHttpUrl(text: string): boolean {
  const url = URL.parse(text);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
}
