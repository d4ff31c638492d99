/**
 * Parsers turn one raw setting value into its typed form, or return undefined when the value is not acceptable
 * (the setting's `expected` text then tells the operator what would be). Environment variables always arrive
 * as strings; the JSON config file may also hold numbers and booleans.
 */
/** Arrays come only from the config file, for settings with structure (COFFER_STORAGE). */
export type SettingInput = string | number | boolean | readonly unknown[];
export type Parser<T> = (input: SettingInput) => T | undefined;

// Both families, because operators write both: disks are sold in GB, memory is measured in GiB.
const sizeUnits: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

const durationUnits: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Bytes. A bare number is bytes; in the config file a JSON number is bytes too. */
export function parseSize(input: SettingInput): number | undefined {
  if (typeof input === 'number') return Number.isSafeInteger(input) && input >= 0 ? input : undefined;
  if (typeof input !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?) ?([a-z]*)$/i.exec(input);
  if (!match) return undefined;
  const multiplier = sizeUnits[(match[2] || 'b').toLowerCase()];
  if (multiplier === undefined) return undefined;
  return toWholeAmount(Number(match[1]), multiplier);
}

/**
 * Milliseconds. Strings need a unit, because a bare "3600" could mean seconds or milliseconds; only "0" is
 * unambiguous. Units are lowercase only, so "1M" cannot be misread as a month. In the config file a JSON number
 * is milliseconds, as the `Ms` in the key names says.
 */
export function parseDuration(input: SettingInput): number | undefined {
  if (typeof input === 'number') return Number.isSafeInteger(input) && input >= 0 ? input : undefined;
  if (typeof input !== 'string') return undefined;
  if (input === '0') return 0;
  const match = /^(\d+(?:\.\d+)?) ?(ms|s|m|h|d)$/.exec(input);
  if (!match) return undefined;
  const multiplier = durationUnits[match[2]!];
  if (multiplier === undefined) return undefined;
  return toWholeAmount(Number(match[1]), multiplier);
}

export function parseBoolean(input: SettingInput): boolean | undefined {
  if (typeof input === 'boolean') return input;
  if (typeof input !== 'string') return undefined;
  const text = input.toLowerCase();
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  return undefined;
}

export function parseWholeNumber(input: SettingInput, min: number, max: number): number | undefined {
  const value = typeof input === 'number' ? input : typeof input === 'string' && /^\d+$/.test(input) ? Number(input) : NaN;
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
}

export function parseOneOf<const T extends string>(input: SettingInput, allowed: readonly T[]): T | undefined {
  return allowed.find((value) => value === input);
}

/** A name or address to listen on: letters, digits, dots, colons (IPv6), hyphens, underscores, `%` (IPv6 zone). */
export function parseHost(input: SettingInput): string | undefined {
  return typeof input === 'string' && /^[A-Za-z0-9.:%_-]+$/.test(input) ? input : undefined;
}

/** Any non-empty path without NUL bytes; the loader resolves relative paths. */
export function parsePath(input: SettingInput): string | undefined {
  return typeof input === 'string' && input.length > 0 && !input.includes('\0') ? input : undefined;
}

/** An http(s) URL without credentials, query or fragment, returned without a trailing slash so links can append paths. */
export function parseHttpUrl(input: SettingInput): string | undefined {
  const url = typeof input === 'string' ? URL.parse(input) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
  if (url.username || url.password || /[?#]/.test(url.href)) return undefined;
  return url.href.replace(/\/+$/, '');
}

/** A database before paths are resolved: a relative SQLite file is relative to the data folder. */
export type DatabaseUrl = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export function parseDatabaseUrl(input: SettingInput): DatabaseUrl | undefined {
  if (typeof input !== 'string') return undefined;
  if (input.startsWith('sqlite:')) {
    const file = parsePath(input.slice('sqlite:'.length));
    return file === undefined ? undefined : { dialect: 'sqlite', file };
  }
  const url = URL.parse(input);
  if (url && (url.protocol === 'postgres:' || url.protocol === 'postgresql:')) return { dialect: 'postgres', url: input };
  return undefined;
}

/** Rounds to a whole unit, but never turns a tiny non-zero amount into 0 (which often means "unlimited"). */
function toWholeAmount(amount: number, multiplier: number): number | undefined {
  const whole = Math.round(amount * multiplier);
  if (!Number.isSafeInteger(whole) || (whole === 0 && amount !== 0)) return undefined;
  return whole;
}

/** Free text for names and credentials: 1 to 256 characters without control characters. */
export function parseText(input: SettingInput): string | undefined {
  return typeof input === 'string' && input.length > 0 && input.length <= 256 && !/[\x00-\x1f\x7f]/.test(input) ? input : undefined;
}
