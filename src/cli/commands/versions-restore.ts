import { CliError, UsageError } from '../cli-error.js';
import { defineCommand } from '../command.js';
import { resolveRemote } from '../remote-nodes.js';
import { notAFile } from './not-a-file.js';

export const versionsRestoreCommand = defineCommand({
  name: 'versions restore',
  summary: 'Make an earlier version of a remote file current again.',
  args: 'REMOTE_PATH VERSION_NUMBER',
  positionals: { min: 2, max: 2 },
  options: {},
  details: ['VERSION_NUMBER is a number from the VERSION column of `coffer versions`.'],
  examples: ['coffer versions restore /Documents/report.pdf 2'],
  async run({ out, connect }, { positionals: [path = '', numberText = ''] }) {
    if (!/^[1-9]\d*$/.test(numberText)) throw new UsageError(`VERSION_NUMBER must be a positive whole number, not "${numberText}".`);
    const number = Number(numberText);
    const client = await connect();
    const file = await resolveRemote(client, path);
    if (file.type !== 'file') throw notAFile(path);
    const { versions } = await client.listVersions(file.id);
    const version = versions.find((v) => v.number === number);
    if (!version) throw new CliError('version.not_found', `${path} has no version ${number}.`, { status: 404 });
    const restored = await client.restoreVersion(file.id, version.id);
    out.result(
      restored,
      `Version ${number} of ${path} is current again${restored.versionNumber !== null && restored.versionNumber !== number ? ` (as version ${restored.versionNumber})` : ''}.`,
    );
  },
});
