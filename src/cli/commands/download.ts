import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { NodeDto } from '../../sdk/index.js';
import { CliError } from '../cli-error.js';
import { defineCommand } from '../command.js';
import { downloadRemoteNode, safeLocalName } from '../download-tree.js';
import { formatBytes, plural } from '../format.js';
import { resolveRemote } from '../remote-nodes.js';
import { parseRemotePath } from '../remote-path.js';
import { passphraseOptions, readPassphrase } from '../secrets.js';

export const downloadCommand = defineCommand({
  name: 'download',
  summary: 'Download a remote file, or a remote folder with everything in it.',
  args: 'REMOTE_PATH [LOCAL]',
  positionals: { min: 1, max: 2 },
  options: { ...passphraseOptions },
  details: [
    'LOCAL defaults to the current folder. When LOCAL is an existing folder, the download goes inside it under its remote name;',
    'otherwise LOCAL is the new name. Existing local files are replaced. Each file is written to a temporary file beside',
    'its destination and renamed only when complete, so an interrupted or failed download never leaves a partial file.',
  ],
  examples: [
    'coffer download /Documents/report.pdf .',
    'coffer download /Photos ./photos-backup',
    'coffer download /secret.txt ./secret.txt --passphrase-stdin < passphrase.txt',
  ],
  async run({ io, out, connect }, { values, positionals: [remote = '', local = '.'] }) {
    const passphrase = await readPassphrase(io, values);
    const client = await connect();
    const path = parseRemotePath(remote);
    const node = await resolveRemote(client, path);
    const destination = await localDestination(node, local);
    const summary = await downloadRemoteNode(client, node, path.segments, destination, {
      passphrase,
      progress: (label, total) => out.progress(`↓ ${label}`, total),
      fileDownloaded: (file) => out.line(`Downloaded ${file.remotePath} → ${file.localPath} (${formatBytes(file.size)})`),
    });
    out.result({ files: summary.files, bytes: summary.bytes }, `${plural(summary.files.length, 'file')} downloaded, ${formatBytes(summary.bytes)}.`);
  },
});

/** Inside LOCAL when it is an existing folder, else LOCAL itself. The root folder's content goes straight into LOCAL. */
async function localDestination(node: NodeDto, local: string): Promise<string> {
  const existing = await stat(local).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  if (existing?.isDirectory()) return node.parentId === null ? local : join(local, safeLocalName(node.name));
  if (existing && node.type === 'folder') {
    throw new CliError('local.not_a_folder', `${local} is a file; a folder cannot be downloaded onto it.`, { status: 400 });
  }
  return local;
}
