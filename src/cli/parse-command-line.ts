import { parseArgs } from 'node:util';
import { UsageError } from './cli-error.js';
import type { Command } from './command.js';
import { applyEnvFallbacks, globalOptions, type GlobalValues, type OptionTable } from './options.js';

export type Located =
  | { readonly kind: 'command'; readonly command: Command; readonly rest: readonly string[] }
  | { readonly kind: 'group'; readonly group: string; readonly rest: readonly string[] }
  | { readonly kind: 'none'; readonly rest: readonly string[] };

const valueFlags = new Set(
  Object.entries(globalOptions)
    .filter(([, spec]) => spec.type === 'string')
    .map(([flag]) => `--${flag}`),
);

/**
 * Finds the command words: the first word that is not a global flag (or its value), and the word
 * right after it when the two together name a command (`user add`, `trash empty`).
 */
export function locateCommand(argv: readonly string[], commands: readonly Command[]): Located {
  let index = 0;
  while (index < argv.length && argv[index]?.startsWith('-') && argv[index] !== '--') {
    index += valueFlags.has(argv[index] ?? '') ? 2 : 1;
  }
  const first = argv[index];
  if (first === undefined || first === '--') return { kind: 'none', rest: argv };
  const without = (count: number) => [...argv.slice(0, index), ...argv.slice(index + count)];
  const second = argv[index + 1];
  const pair = second === undefined ? undefined : commands.find((c) => c.name === `${first} ${second}`);
  if (pair) return { kind: 'command', command: pair, rest: without(2) };
  const single = commands.find((c) => c.name === first);
  if (single) return { kind: 'command', command: single, rest: without(1) };
  if (commands.some((c) => c.name.startsWith(`${first} `))) return { kind: 'group', group: first, rest: without(1) };
  throw new UsageError(`Unknown command "${first}". Run \`coffer help\` for the list of commands.`);
}

export interface ParsedCommandLine {
  readonly globals: GlobalValues;
  readonly values: Record<string, string | readonly string[] | boolean | undefined>;
  readonly positionals: string[];
}

/** Parses flags and arguments for one command, with environment fallbacks and argument-count checks. */
export function parseCommandLine(
  command: Pick<Command, 'name' | 'options' | 'positionals'> | undefined,
  rest: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedCommandLine {
  const table: OptionTable = { ...globalOptions, ...(command?.options ?? {}) };
  let parsed: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...rest], options: toParseArgsOptions(table), allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(cleanParseError(err));
  }
  const values = applyEnvFallbacks(table, parsed.values as Record<string, string | readonly string[] | boolean | undefined>, env);
  const globals = Object.fromEntries(Object.keys(globalOptions).map((flag) => [flag, values[flag]])) as unknown as GlobalValues;
  if (command && !values.help) checkPositionals(command, parsed.positionals);
  return { globals, values, positionals: parsed.positionals };
}

function checkPositionals(command: Pick<Command, 'name' | 'positionals'>, positionals: readonly string[]): void {
  const { min, max } = command.positionals;
  if (positionals.length < min)
    throw new UsageError(`\`coffer ${command.name}\` needs ${min === max ? min : `at least ${min}`} argument${min === 1 ? '' : 's'}.`);
  if (positionals.length > max) {
    throw new UsageError(
      `\`coffer ${command.name}\` takes ${max === 0 ? 'no arguments' : `at most ${max} argument${max === 1 ? '' : 's'}`}; unexpected "${positionals[max]}".`,
    );
  }
}

function toParseArgsOptions(table: OptionTable) {
  return Object.fromEntries(
    Object.entries(table).map(([flag, spec]) => [
      flag,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.multiple ? { multiple: true } : {}) },
    ]),
  ) as Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
}

function cleanParseError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // node:util adds advice about `--` and option terminators that does not fit this CLI.
  return message.split('. To specify')[0]?.replace(/\.?$/, '.') ?? message;
}
