import { UsageError } from './cli-error.js';
import { defineCommand, type Command, type CommandContext } from './command.js';
import { commands } from './commands/index.js';
import { configDirFor } from './credentials.js';
import { exitCodeFor, ExitCode } from './exit-codes.js';
import { commandHelp, generalHelp, groupHelp } from './help.js';
import { flushOutput, processIo, type CliIo } from './io.js';
import { serverEnvironment } from './server-environment.js';
import { envNameFor } from './options.js';
import { createOutput } from './output.js';
import { locateCommand, parseCommandLine } from './parse-command-line.js';
import { reportError } from './report-error.js';
import { anonymousClient, resolveSession, signedInClient } from './session.js';

/** Entry point of `coffer` (bin/coffer.js): runs one command line and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const io = processIo();
  const code = await run(argv, io);
  await flushOutput(io);
  return code;
}

/** Runs one command line against the given streams and environment; never throws. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const json = argv.includes('--json') || ['1', 'true', 'yes', 'on'].includes((io.env[envNameFor('json')] ?? '').toLowerCase());
  let current: Command | undefined;
  try {
    const located = locateCommand(argv, [...commands, helpCommand]);
    if (located.kind === 'none') {
      const { globals } = parseCommandLine(undefined, located.rest, io.env);
      (globals.help ? io.stdout : io.stderr).write(generalHelp(commands));
      return globals.help ? ExitCode.ok : ExitCode.usage;
    }
    if (located.kind === 'group') {
      const { globals } = parseCommandLine(undefined, located.rest, io.env);
      (globals.help ? io.stdout : io.stderr).write(groupHelp(located.group, commands));
      return globals.help ? ExitCode.ok : ExitCode.usage;
    }
    current = located.command;
    const { globals, values, positionals } = parseCommandLine(current, located.rest, io.env);
    if (globals.help) {
      io.stdout.write(commandHelp(current));
      return ExitCode.ok;
    }
    const context: CommandContext = {
      io,
      globals,
      out: createOutput(io, globals.json),
      configDir: configDirFor(globals['config-dir'], io.env),
      connect: async () => signedInClient(await resolveSession(globals, io.env)),
      connectAnonymously: async () => anonymousClient(await resolveSession(globals, io.env, false)),
      serverEnv: () => serverEnvironment(io.env, commands),
    };
    // The values were parsed from this command's own option table, which is what its run() is typed by.
    return (await current.run(context, { values: values as never, positionals })) ?? ExitCode.ok;
  } catch (err) {
    reportError(io, json, err);
    if (err instanceof UsageError && current && !json)
      io.stderr.write(`Usage: coffer ${[current.name, current.args].filter(Boolean).join(' ')}\nRun \`coffer help ${current.name}\` for more.\n`);
    return exitCodeFor(err);
  }
}

const helpCommand = defineCommand({
  name: 'help',
  summary: 'Show help.',
  args: '[COMMAND [SUBCOMMAND]]',
  positionals: { min: 0, max: 2 },
  options: {},
  async run({ io }, { positionals }) {
    const words = positionals.join(' ');
    const command = commands.find((c) => c.name === words);
    if (command) io.stdout.write(commandHelp(command));
    else if (words === '' || words === 'help') io.stdout.write(generalHelp(commands));
    else if (commands.some((c) => c.name.startsWith(`${words} `))) io.stdout.write(groupHelp(words, commands));
    else throw new UsageError(`There is no command "${words}". Run \`coffer help\` for the list.`);
  },
});
