import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { commands } from './commands/index.js';
import { ExitCode } from './exit-codes.js';

const docs = await readFile(new URL('../../docs/cli.md', import.meta.url), 'utf8');

/** docs/cli.md is written by hand; these checks keep it from drifting away from the code. */
describe('docs/cli.md', () => {
  it.each(commands.map((c) => [c.name, `coffer ${[c.name, c.args].filter(Boolean).join(' ')}`]))('documents `coffer %s` with its usage', (_, usage) => {
    expect(docs).toContain(usage);
  });

  it.each(Object.entries(ExitCode))('lists exit code %s (%i)', (_, code) => {
    expect(docs).toMatch(new RegExp(`^\\| ${code} `, 'm'));
  });

  it.each(['COFFER_CONFIG_DIR', 'COFFER_SERVER', 'COFFER_TOKEN'])('describes %s', (variable) => {
    expect(docs).toContain(variable);
  });
});
