import { defineCommand } from '../command.js';
import { formatBytes, plural } from '../format.js';
import { resolveFolder } from '../remote-nodes.js';
import { parseRemotePath } from '../remote-path.js';
import { passphraseOptions, readPassphrase } from '../secrets.js';
import { uploadLocalPath } from '../upload-tree.js';

export const uploadCommand = defineCommand({
  name: 'upload',
  summary: 'Upload a local file, or a folder with everything in it, into a remote folder.',
  args: 'LOCAL [REMOTE_FOLDER]',
  positionals: { min: 1, max: 2 },
  options: {
    ...passphraseOptions,
    resumable: { type: 'boolean', description: 'Upload each file over tus in 16 MiB chunks, retrying a dropped connection from where it stopped.' },
  },
  details: [
    'REMOTE_FOLDER must exist (default: your root folder). A local folder is uploaded as a folder of the same name inside it;',
    'remote folders that already exist are reused, and a file whose name already exists gets a new version.',
    'Symbolic links inside a folder are skipped. With --passphrase-*, new files are protected by that passphrase.',
    'With --resumable each file goes over the tus protocol (docs/tus.md) in chunks; a failed chunk is retried from the server offset.',
  ],
  examples: [
    'coffer upload ./report.pdf /Documents',
    'coffer upload ~/Pictures/Holiday /Photos',
    'coffer upload secret.txt / --passphrase-file ~/.coffer-passphrase',
    'coffer upload --resumable ./backup.tar /Backups',
  ],
  async run({ io, out, connect }, { values, positionals: [local = '', remote = '/'] }) {
    const passphrase = await readPassphrase(io, values);
    const client = await connect();
    const target = parseRemotePath(remote);
    const folder = await resolveFolder(client, target);
    const startedAt = Date.now();
    const summary = await uploadLocalPath(
      client,
      local,
      { folder, path: target.segments },
      {
        passphrase,
        resumable: values.resumable === true,
        progress: (label, total) => out.progress(`↑ ${label}`, total),
        fileUploaded: (file) =>
          out.line(
            file.newVersion
              ? `Updated ${file.remotePath}: the name existed, so this is version ${file.node.versionNumber} (${formatBytes(file.node.size)})`
              : `Uploaded ${file.remotePath} (${formatBytes(file.node.size)})`,
          ),
      },
    );
    for (const skipped of summary.skipped) out.note(`Skipped ${skipped} (not a regular file or folder).`);
    const versions = summary.files.filter((f) => f.newVersion).length;
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    out.result(
      {
        files: summary.files.map((f) => ({
          localPath: f.localPath,
          remotePath: f.remotePath,
          id: f.node.id,
          size: f.node.size,
          versionNumber: f.node.versionNumber,
          newVersion: f.newVersion,
        })),
        foldersCreated: summary.foldersCreated,
        foldersReused: summary.foldersReused,
        skipped: summary.skipped,
        bytes: summary.bytes,
      },
      [
        `${plural(summary.files.length, 'file')} uploaded (${versions} as new versions)`,
        ...(summary.foldersCreated.length ? [`${plural(summary.foldersCreated.length, 'folder')} created`] : []),
        ...(summary.foldersReused.length ? [`${plural(summary.foldersReused.length, 'existing folder')} reused`] : []),
        `${formatBytes(summary.bytes)} in ${seconds} s.`,
      ].join(', '),
    );
  },
});
