import { UsageError } from './cli-error.js';

/** A path in the user's drive, from their root folder: `/Documents/a.txt` or `Documents/a.txt`. */
export interface RemotePath {
  readonly segments: readonly string[];
  /** Written with a trailing slash, which means "this must be a folder". */
  readonly trailingSlash: boolean;
}

export function parseRemotePath(input: string): RemotePath {
  const segments: string[] = [];
  for (const part of input.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') throw new UsageError(`"${input}": remote paths cannot contain "..".`);
    segments.push(part);
  }
  return { segments, trailingSlash: input.length > 1 && input.endsWith('/') };
}

export function formatRemotePath(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

/** `/a/b/c` → parent `/a/b`, name `c`. The root has no parent. */
export function splitParent(path: RemotePath): { parent: RemotePath; name: string } {
  const name = path.segments.at(-1);
  if (name === undefined) throw new UsageError('The root folder has no parent: give a path below it.');
  return { parent: { segments: path.segments.slice(0, -1), trailingSlash: false }, name };
}

export function childPath(parent: readonly string[], name: string): string {
  return formatRemotePath([...parent, name]);
}
