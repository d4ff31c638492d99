import { envNameFor, globalOptions } from './options.js';

/**
 * The environment handed to the server's loadConfig(): everything except the client's own COFFER_*
 * variables (COFFER_JSON, COFFER_EMAIL, …), which the server would reject as unknown settings.
 */
export async function serverEnvironment(env: Readonly<Record<string, string | undefined>>): Promise<Record<string, string | undefined>> {
  // Imported here, not at the top: the command modules import this file.
  const { commands } = await import('./commands/index.js');
  const flags = [...Object.keys(globalOptions), ...commands.flatMap((command) => Object.keys(command.options))];
  const clientVariables = new Set([...flags.map(envNameFor), 'COFFER_DEBUG']);
  return Object.fromEntries(Object.entries(env).filter(([name]) => !clientVariables.has(name)));
}
