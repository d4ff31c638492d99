import { api } from '../../sdk/index.js';
import { defineCommand } from '../command.js';
import { resolveRemote } from '../remote-nodes.js';
import { UsageError } from '../cli-error.js';
import { notAFile } from './not-a-file.js';

export const receiptCommand = defineCommand({
  name: 'receipt',
  summary: "Print the receipt of a remote file's version as JSON, for `coffer verify` (current version unless --version).",
  args: 'REMOTE_PATH',
  positionals: { min: 1, max: 1 },
  options: { version: { type: 'string', value: 'N', description: 'The version number (see `coffer versions`).' } },
  examples: ['coffer receipt /Reports/scan.pdf > scan.receipt.json', 'coffer receipt /Reports/scan.pdf --version 2 > v2.receipt.json'],
  async run({ io, connect }, { values, positionals: [path = ''] }) {
    const client = await connect();
    const file = await resolveRemote(client, path);
    if (file.type !== 'file' || !file.versionId) throw notAFile(path);
    let versionId = file.versionId;
    if (values.version !== undefined) {
      const number = Number(values.version);
      const match = (await client.listVersions(file.id)).versions.find((v) => v.number === number);
      if (!match) throw new UsageError(`${path} has no version ${values.version}.`);
      versionId = match.id;
    }
    const receipt = await client.request(api.versionReceipt, { params: { id: file.id, versionId } });
    // The receipt itself is the output, with or without --json.
    io.stdout.write(`${JSON.stringify(receipt, null, 2)}\n`);
  },
});
