import { CofferApiError, type CofferClient, type NodeDto } from '../sdk/index.js';
import { CliError } from './cli-error.js';
import { formatRemotePath, parseRemotePath, splitParent, type RemotePath } from './remote-path.js';

/** The node at a remote path; the root folder for `/`. Not-found errors name the path. */
export async function resolveRemote(client: CofferClient, path: RemotePath | string): Promise<NodeDto> {
  const parsed = typeof path === 'string' ? parseRemotePath(path) : path;
  const shown = formatRemotePath(parsed.segments);
  let node: NodeDto;
  try {
    node = (await client.resolvePath(shown)).node;
  } catch (err) {
    if (err instanceof CofferApiError && err.code === 'node.not_found') {
      throw new CliError('node.not_found', `No such file or folder: ${shown}`, { status: 404, cause: err });
    }
    throw err;
  }
  if (parsed.trailingSlash && node.type !== 'folder') throw notAFolder(shown);
  return node;
}

export async function resolveFolder(client: CofferClient, path: RemotePath | string): Promise<NodeDto> {
  const node = await resolveRemote(client, path);
  if (node.type !== 'folder') throw notAFolder(formatRemotePath((typeof path === 'string' ? parseRemotePath(path) : path).segments));
  return node;
}

export function notAFolder(shown: string): CliError {
  return new CliError('node.not_a_folder', `${shown} is a file, not a folder.`, { status: 400 });
}

export async function findChild(client: CofferClient, folderId: string, name: string): Promise<NodeDto | undefined> {
  for await (const child of client.iterateFolder(folderId)) if (child.name === name) return child;
  return undefined;
}

/** Creates a folder, or returns the existing one of that name. */
export async function ensureFolder(client: CofferClient, parentId: string, name: string): Promise<{ folder: NodeDto; created: boolean }> {
  try {
    return { folder: await client.createFolder({ parentId, name }), created: true };
  } catch (err) {
    if (!(err instanceof CofferApiError && err.code === 'node.name_taken')) throw err;
    const existing = await findChild(client, parentId, name);
    if (existing?.type !== 'folder') throw err;
    return { folder: existing, created: false };
  }
}

/**
 * Where `mv`/`cp` put SRC: into DST when it is an existing folder (keeping the name), else into
 * DST's parent under DST's last segment. `path` is where SRC ends up.
 */
export async function destinationFor(
  client: CofferClient,
  destination: RemotePath,
  sourceName: string,
): Promise<{ parent: NodeDto; name: string; path: readonly string[] }> {
  try {
    const node = await resolveRemote(client, destination);
    if (node.type === 'folder') return { parent: node, name: sourceName, path: [...destination.segments, sourceName] };
  } catch (err) {
    if (!(err instanceof CliError && err.code === 'node.not_found') || destination.trailingSlash) throw err;
  }
  const { parent, name } = splitParent(destination);
  return { parent: await resolveFolder(client, parent), name, path: destination.segments };
}
