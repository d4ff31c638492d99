import { UsageError } from './cli-error.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Placeholder shown in help for a string flag, e.g. `URL`. */
  readonly value?: string;
  readonly description: string;
  /** A string flag that may be given several times (`--to a --to b`); its value is then a list. */
  readonly multiple?: boolean;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

export type ValuesOf<O extends OptionTable> = {
  readonly [K in keyof O]: O[K]['type'] extends 'string' ? (O[K] extends { multiple: true } ? readonly string[] | undefined : string | undefined) : boolean;
};

/** Flags every command accepts. */
export const globalOptions = {
  json: { type: 'boolean', description: 'Print machine-readable JSON on stdout (errors as JSON on stderr).' },
  server: { type: 'string', value: 'URL', description: 'Coffer server, e.g. https://drive.example.com (default: the saved login).' },
  token: { type: 'string', value: 'TOKEN', description: 'API token to use instead of the saved login.' },
  'config-dir': { type: 'string', value: 'DIR', description: 'Where the saved login lives (default: $XDG_CONFIG_HOME/coffer or ~/.config/coffer).' },
  help: { type: 'boolean', short: 'h', description: 'Show help for the command.' },
} as const satisfies OptionTable;

export type GlobalValues = ValuesOf<typeof globalOptions>;

/** Every flag has an environment fallback: COFFER_ + the flag name in capitals, dashes as underscores. */
export function envNameFor(flag: string): string {
  return `COFFER_${flag.toUpperCase().replace(/-/g, '_')}`;
}

const truthy = new Set(['1', 'true', 'yes', 'on']);
const falsy = new Set(['0', 'false', 'no', 'off', '']);

/** Fills flags missing from the command line from the environment; the command line wins. */
export function applyEnvFallbacks(
  table: OptionTable,
  values: Record<string, string | readonly string[] | boolean | undefined>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | readonly string[] | boolean | undefined> {
  const result: Record<string, string | readonly string[] | boolean | undefined> = { ...values };
  for (const [flag, spec] of Object.entries(table)) {
    if (flag === 'help') continue;
    const fromEnv = env[envNameFor(flag)];
    if (result[flag] === undefined && fromEnv !== undefined && fromEnv !== '') {
      // A list from the environment is comma-separated (COFFER_TO=a@example.com,b@example.com).
      const text = spec.multiple ? fromEnv.split(',').map((part) => part.trim()) : fromEnv;
      result[flag] = spec.type === 'string' ? text : parseEnvBoolean(envNameFor(flag), fromEnv);
    }
    if (spec.type === 'boolean') result[flag] = result[flag] === true;
  }
  return result;
}

function parseEnvBoolean(name: string, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (truthy.has(value)) return true;
  if (falsy.has(value)) return false;
  throw new UsageError(`${name} must be 1 or 0 (or true/false), not "${raw}".`);
}

/** A flag value that must be one of a few words; undefined stays undefined. */
export function chooseOne<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, not "${value}".`);
  return match;
}

/** A string flag the command cannot do without. */
export function requireFlag(flag: string, value: string | undefined): string {
  if (!value) throw new UsageError(`--${flag} is required (or set ${envNameFor(flag)}).`);
  return value;
}
