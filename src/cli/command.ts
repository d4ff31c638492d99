import type { CofferClient } from '../sdk/index.js';
import type { CliIo } from './io.js';
import type { GlobalValues, OptionTable, ValuesOf } from './options.js';
import type { Output } from './output.js';

/** What a command's run() gets besides its own arguments. */
export interface CommandContext {
  readonly io: CliIo;
  readonly globals: GlobalValues;
  readonly out: Output;
  /** The folder of the saved login (--config-dir, COFFER_CONFIG_DIR, XDG or ~/.config/coffer). */
  readonly configDir: string;
  /** A client signed in with the saved login, --token or COFFER_TOKEN; fails with auth.required otherwise. */
  connect(): Promise<CofferClient>;
  /** A client without a token, for signing in. */
  connectAnonymously(): Promise<CofferClient>;
  /** The environment for the server's own settings: this process's, less the client's COFFER_* variables. */
  serverEnv(): Record<string, string | undefined>;
}

export interface CommandInput<O extends OptionTable> {
  readonly values: ValuesOf<O>;
  readonly positionals: readonly string[];
}

export interface Command<O extends OptionTable = OptionTable> {
  /** The words that select it, e.g. `user add`. */
  readonly name: string;
  readonly summary: string;
  /** Arguments after the name in the usage line, e.g. `LOCAL [REMOTE_FOLDER]`. */
  readonly args: string;
  readonly positionals: { readonly min: number; readonly max: number };
  readonly options: O;
  /** Paragraphs shown in `coffer help NAME`. */
  readonly details?: readonly string[];
  readonly examples?: readonly string[];
  /** Runs the command; resolves to the exit code (0 when nothing is returned). */
  run(context: CommandContext, input: CommandInput<O>): Promise<number | void>;
}

/** Keeps the option table's literal types so run() sees typed values. */
export function defineCommand<const O extends OptionTable>(command: Command<O>): Command<O> {
  return command;
}
