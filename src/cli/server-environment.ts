import type { Command } from './command.js';
import { envNameFor, globalOptions } from './options.js';

/**
 * The environment handed to the server's loadConfig(): everything except the client's own COFFER_*
 * variables (COFFER_JSON, COFFER_EMAIL, one per flag of any command), which the server would reject
 * as unknown settings.
 */
export function serverEnvironment(env: Readonly<Record<string, string | undefined>>, commands: readonly Command[]): Record<string, string | undefined> {
  const flags = [...Object.keys(globalOptions), ...commands.flatMap((command) => Object.keys(command.options))];
  const clientVariables = new Set([...flags.map(envNameFor), 'COFFER_DEBUG']);
  return Object.fromEntries(Object.entries(env).filter(([name]) => !clientVariables.has(name)));
}
