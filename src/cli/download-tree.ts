import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CofferClient, NodeDto } from '../sdk/index.js';
import { CliError } from './cli-error.js';
import type { Progress } from './progress.js';
import { formatRemotePath } from './remote-path.js';

export interface DownloadedFile {
  readonly remotePath: string;
  readonly localPath: string;
  readonly size: number;
}

export interface DownloadSummary {
  readonly files: DownloadedFile[];
  readonly folders: string[];
  bytes: number;
}

export interface DownloadHooks {
  readonly passphrase: string | undefined;
  progress(label: string, totalBytes: number | undefined): Progress;
  fileDownloaded(file: DownloadedFile): void;
}

/** Downloads a remote file to `destination`, or a remote folder into the folder `destination` (created if missing). */
export async function downloadRemoteNode(
  client: CofferClient,
  node: NodeDto,
  remote: readonly string[],
  destination: string,
  hooks: DownloadHooks,
): Promise<DownloadSummary> {
  const summary: DownloadSummary = { files: [], folders: [], bytes: 0 };
  if (node.type === 'file') await downloadFile(client, node, remote, destination, hooks, summary);
  else await downloadFolder(client, node, remote, destination, hooks, summary);
  return summary;
}

async function downloadFolder(
  client: CofferClient,
  folder: NodeDto,
  remote: readonly string[],
  destination: string,
  hooks: DownloadHooks,
  summary: DownloadSummary,
): Promise<void> {
  await mkdir(destination, { recursive: true });
  summary.folders.push(destination);
  for await (const child of client.iterateFolder(folder.id)) {
    const target = join(destination, safeLocalName(child.name));
    if (child.type === 'folder') await downloadFolder(client, child, [...remote, child.name], target, hooks, summary);
    else await downloadFile(client, child, [...remote, child.name], target, hooks, summary);
  }
}

async function downloadFile(
  client: CofferClient,
  file: NodeDto,
  remote: readonly string[],
  destination: string,
  hooks: DownloadHooks,
  summary: DownloadSummary,
): Promise<void> {
  const remotePath = formatRemotePath(remote);
  const download = await client.download(file.id, { passphrase: file.passphraseProtected ? hooks.passphrase : undefined });
  const progress = hooks.progress(remotePath, download.size ?? file.size);
  try {
    const size = await writeAtomically(download.stream, destination, (bytes) => progress.update(bytes));
    progress.finish();
    const done = { remotePath, localPath: destination, size };
    summary.files.push(done);
    summary.bytes += size;
    hooks.fileDownloaded(done);
  } catch (err) {
    progress.finish();
    throw err;
  }
}

/**
 * Writes into a temp file beside `destination` and renames it only once the stream ended cleanly, so a
 * broken download (network, or the server's integrity check failing mid-file) never leaves a partial file.
 */
export async function writeAtomically(stream: ReadableStream<Uint8Array>, destination: string, onBytes: (written: number) => void): Promise<number> {
  const temp = join(dirname(destination), `.${basename(destination)}.${randomBytes(6).toString('hex')}.coffer-partial`);
  const handle = await open(temp, 'wx');
  let written = 0;
  try {
    for await (const chunk of stream) {
      await handle.write(chunk);
      written += chunk.byteLength;
      onBytes(written);
    }
    await handle.close();
    await rename(temp, destination);
    return written;
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
}

/**
 * Remote names become local path segments. The server validates names, but a client must not let
 * any server write outside the destination folder, so this is checked again here.
 */
export function safeLocalName(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new CliError('node.name_invalid', `Refusing to write the remote name "${name}" as a local file: it is not a single safe path segment.`, {
      status: 400,
    });
  }
  return name;
}
