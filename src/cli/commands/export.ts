import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { defineCommand } from '../command.js';
import { formatBytes } from '../format.js';

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Download everything your account owns as one zip: decrypted files plus coffer-export.json with the metadata.',
  args: 'OUT.zip',
  positionals: { min: 1, max: 1 },
  options: {},
  details: [
    'Live files go under files/, trashed ones under trash/. Passphrase-protected files are listed in coffer-export.json but their contents are not included.',
    'The zip is written to OUT.zip.part and renamed when complete, so OUT.zip never holds a partial export.',
  ],
  examples: ['coffer export my-coffer.zip'],
  async run({ out, connect }, { positionals: [target = ''] }) {
    const client = await connect();
    const stream = await client.exportAccount();
    const partial = `${target}.part`;
    const file = createWriteStream(partial, { flags: 'wx', mode: 0o600 });
    let bytes = 0;
    try {
      const counted = Readable.fromWeb(stream as WebReadableStream<Uint8Array>).on('data', (piece: Buffer) => {
        bytes += piece.length;
      });
      await pipeline(counted, file);
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    out.result({ path: target, bytes }, `Exported your account to ${target} (${formatBytes(bytes)}).`);
  },
});
