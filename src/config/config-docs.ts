import { otherVariables, settingNames, settings, type SettingDefinition } from './config.schema.js';

/** A config file that the docs show; load-config.test.ts checks that it loads. */
export const exampleConfigFile = {
  dataDir: '/var/lib/coffer',
  publicUrl: 'https://drive.example.com',
  host: '0.0.0.0',
  port: 8080,
  registration: 'closed',
  defaultQuotaBytes: '50GiB',
  trustProxy: true,
} as const;

/** docs/config.md, generated from the settings table so the docs cannot drift from the code. */
export function renderConfigDocs(): string {
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from src/config/config.schema.ts by `npm run docs:generate`. Do not edit by hand. -->',
    '',
    'Coffer reads its settings from `COFFER_*` environment variables and, optionally, from a JSON file named by `COFFER_CONFIG_FILE`, whose keys are the file keys listed below. An environment variable wins over the file.',
    '',
    'Every value is checked when the server starts. If any is wrong, the server does not start and lists every problem with what a valid value looks like. An unknown `COFFER_*` variable or file key is a problem too, usually a typo, and the message suggests the setting you probably meant.',
    '',
    '- An empty value counts as unset, so the default applies.',
    '- `dataDir` is resolved against the working directory; every other relative path is resolved against `dataDir`.',
    '- Sizes are a number with an optional unit: `B`, `KB`, `MB`, `GB`, `TB` (powers of 1000) or `KiB`, `MiB`, `GiB`, `TiB` (powers of 1024), for example `500MB` or `10GiB`. A number without a unit is bytes.',
    '- Durations are a number with a unit: `ms`, `s`, `m`, `h` or `d`, for example `30m`, `12h` or `7d`. Only `0` may go without a unit.',
    '- Booleans are `true` or `false`; `1`/`0` and `yes`/`no` work too.',
    '- In the config file, sizes and durations may also be JSON numbers (bytes and milliseconds, as the key names say), and booleans JSON booleans.',
    '',
    '## Summary',
    '',
    '| Variable | File key | Default |',
    '| --- | --- | --- |',
    ...settingNames.map((name) => `| \`${settings[name].env}\` | \`${name}\` | ${escapeCell(describeDefault(settings[name]))} |`),
    '',
    '## Settings',
    ...settingNames.flatMap((name) => renderSetting(name, settings[name])),
    '',
    '## Example config file',
    '',
    '```json',
    JSON.stringify(exampleConfigFile, null, 2),
    '```',
    '',
    '## Other `COFFER_*` variables',
    '',
    'The server ignores these; they belong to other programs.',
    '',
    ...Object.entries(otherVariables).map(([name, use]) => `- \`${name}\`: ${use}`),
  ];
  return `${lines.join('\n')}\n`;
}

function renderSetting(name: string, setting: SettingDefinition<unknown>): string[] {
  return [
    '',
    `### \`${setting.env}\``,
    '',
    setting.description,
    '',
    `- File key: \`${name}\``,
    `- Type: ${setting.type}`,
    `- Default: ${describeDefault(setting)}`,
    `- Accepted: ${setting.expected}`,
    `- Example: \`${setting.env}=${setting.example}\``,
    ...(setting.secret ? ['- Secret: the value never appears in error messages, because it can hold a password.'] : []),
  ];
}

function describeDefault(setting: SettingDefinition<unknown>): string {
  return `\`${setting.default ?? setting.derivedDefault}\``;
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
