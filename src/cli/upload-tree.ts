import { createReadStream, openAsBlob } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { CofferClient, NodeDto } from '../sdk/index.js';
import { CliError } from './cli-error.js';
import { contentTypeFor } from './content-types.js';
import type { Progress } from './progress.js';
import { childPath } from './remote-path.js';
import { ensureFolder } from './remote-nodes.js';

export interface UploadedFile {
  readonly localPath: string;
  readonly remotePath: string;
  readonly node: NodeDto;
  /** The name existed, so the upload became a new version of that file. */
  readonly newVersion: boolean;
}

export interface UploadSummary {
  readonly files: UploadedFile[];
  readonly foldersCreated: string[];
  readonly foldersReused: string[];
  readonly skipped: string[];
  bytes: number;
}

export interface UploadHooks {
  readonly passphrase: string | undefined;
  /** Upload over tus in resumable chunks: a dropped connection is retried from the server's offset. */
  readonly resumable?: boolean;
  progress(label: string, totalBytes: number): Progress;
  fileUploaded(file: UploadedFile): void;
}

/**
 * Uploads a local file, or a folder with everything below it, into a remote folder. Existing remote
 * folders are reused and existing file names get a new version (onConflict=version).
 */
export async function uploadLocalPath(
  client: CofferClient,
  localPath: string,
  target: { folder: NodeDto; path: readonly string[] },
  hooks: UploadHooks,
): Promise<UploadSummary> {
  const summary: UploadSummary = { files: [], foldersCreated: [], foldersReused: [], skipped: [], bytes: 0 };
  const info = await stat(localPath).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(err.code === 'ENOENT' ? 'local.not_found' : 'local.unreadable', `Cannot read ${localPath}: ${err.message}`, { cause: err });
  });
  const name = basename(resolve(localPath));
  if (info.isFile()) {
    await uploadFile(client, localPath, info.size, target.folder.id, [...target.path, name], hooks, summary);
  } else if (info.isDirectory()) {
    await uploadFolder(client, localPath, target.folder.id, [...target.path, name], hooks, summary);
  } else {
    throw new CliError('local.unsupported', `${localPath} is neither a file nor a folder.`, { status: 400 });
  }
  return summary;
}

async function uploadFolder(
  client: CofferClient,
  localPath: string,
  parentId: string,
  remote: readonly string[],
  hooks: UploadHooks,
  summary: UploadSummary,
): Promise<void> {
  const name = remote.at(-1) ?? '';
  const { folder, created } = await ensureFolder(client, parentId, name);
  (created ? summary.foldersCreated : summary.foldersReused).push(childPath(remote.slice(0, -1), name));
  const entries = (await readdir(localPath, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const entryPath = join(localPath, entry.name);
    if (entry.isDirectory()) await uploadFolder(client, entryPath, folder.id, [...remote, entry.name], hooks, summary);
    else if (entry.isFile()) await uploadFile(client, entryPath, (await stat(entryPath)).size, folder.id, [...remote, entry.name], hooks, summary);
    // Symbolic links and special files are skipped: following links could upload far more than asked for.
    else summary.skipped.push(entryPath);
  }
}

async function uploadFile(
  client: CofferClient,
  localPath: string,
  size: number,
  parentId: string,
  remote: readonly string[],
  hooks: UploadHooks,
  summary: UploadSummary,
): Promise<void> {
  const name = remote.at(-1) ?? '';
  const remotePath = childPath(remote.slice(0, -1), name);
  const progress = hooks.progress(remotePath, size);
  try {
    const node = hooks.resumable
      ? await client.getNode(
          (
            await client.uploadResumable({ parentId, name, onConflict: 'version' }, await openAsBlob(localPath), {
              passphrase: hooks.passphrase,
              onProgress: (sent) => progress.update(sent),
            })
          ).fileId,
        )
      : await client.uploadFile({ parentId, name, onConflict: 'version' }, Readable.toWeb(createReadStream(localPath)) as ReadableStream<Uint8Array>, {
          contentLength: size,
          contentType: contentTypeFor(name),
          passphrase: hooks.passphrase,
          onProgress: ({ sentBytes }) => progress.update(sentBytes),
        });
    const file = { localPath, remotePath, node, newVersion: (node.versionNumber ?? 1) > 1 };
    summary.files.push(file);
    summary.bytes += size;
    progress.finish();
    hooks.fileUploaded(file);
  } catch (err) {
    progress.finish();
    throw err;
  }
}
