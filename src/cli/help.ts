import type { Command } from './command.js';
import { envNameFor, globalOptions, type OptionTable } from './options.js';

export function generalHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 'help [COMMAND]'.length);
  return [
    'Usage: coffer [GLOBAL FLAGS] COMMAND [ARGUMENTS] [FLAGS]',
    '',
    'Coffer is an encrypted self-hosted drive. Remote paths start at your root folder: /Documents/a.txt.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help [COMMAND]'.padEnd(width)}  Show this help, or a command's flags and examples.`,
    '',
    'Global flags:',
    ...optionLines(globalOptions),
    '',
    'Every flag can also be set in the environment: COFFER_ and the flag name in capitals, dashes as',
    'underscores (--server → COFFER_SERVER, --password-stdin → COFFER_PASSWORD_STDIN=1). Flags win.',
    'Exit codes: 0 ok, 1 unexpected, 2 usage, 3 auth, 4 not found, 5 conflict, 6 quota, 7 integrity/server, 8 network.',
    '',
  ].join('\n');
}

export function commandHelp(command: Command): string {
  const lines = [`Usage: coffer ${command.name}${command.args ? ` ${command.args}` : ''} [FLAGS]`, '', command.summary];
  if (command.details?.length) lines.push('', ...command.details);
  if (Object.keys(command.options).length > 0) lines.push('', 'Flags:', ...optionLines(command.options));
  lines.push('', 'Global flags:', ...optionLines(globalOptions));
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

export function groupHelp(group: string, commands: readonly Command[]): string {
  const members = commands.filter((c) => c.name === group || c.name.startsWith(`${group} `));
  const width = Math.max(...members.map((c) => c.name.length));
  return [
    `Usage: coffer ${group} SUBCOMMAND ...`,
    '',
    'Subcommands:',
    ...members.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run \`coffer help ${group} SUBCOMMAND\` for details.`,
    '',
  ].join('\n');
}

function optionLines(table: OptionTable): string[] {
  const entries = Object.entries(table).map(([flag, spec]) => {
    const names = `${spec.short ? `-${spec.short}, ` : ''}--${flag}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
    const env = flag === 'help' ? '' : ` [${envNameFor(flag)}]`;
    return [names, `${spec.description}${env}`] as const;
  });
  const width = Math.max(...entries.map(([names]) => names.length));
  return entries.map(([names, text]) => `  ${names.padEnd(width)}  ${text}`);
}
