import { useCallback, useEffect, useState } from 'react';
import type { NodeDto } from '@coffer/sdk';
import { client } from '../../app/client';

export interface FolderState {
  readonly folder: NodeDto;
  readonly trail: readonly NodeDto[];
  readonly items: readonly NodeDto[];
}

/** Resolves a folder path from the URL and loads all of its items (pages of 10,000). */
export function useFolder(path: readonly string[]): { state?: FolderState; error?: unknown; reload: () => void } {
  const [state, setState] = useState<FolderState>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);
  const key = path.join('/');
  useEffect(() => {
    let live = true;
    (async () => {
      const resolved = await client.resolvePath('/' + key);
      if (resolved.node.type !== 'folder') throw new Error('This is a file, not a folder.');
      const items: NodeDto[] = [];
      for await (const item of client.iterateFolder(resolved.node.id, { limit: 10_000 })) items.push(item);
      if (live) {
        setState({ folder: resolved.node, trail: resolved.path, items });
        setError(undefined);
      }
    })().catch((err: unknown) => live && setError(err));
    return () => {
      live = false;
    };
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { state, error, reload };
}

export type SortField = 'name' | 'size' | 'modified';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Folders first, then by the chosen field; ties by name. */
export function sortItems(items: readonly NodeDto[], field: SortField, descending: boolean): NodeDto[] {
  const direction = descending ? -1 : 1;
  return [...items].sort((a, b) => {
    if (a.type !== b.type) return a.type === 'folder' ? -1 : 1;
    let primary = 0;
    if (field === 'size') primary = a.size - b.size;
    else if (field === 'modified') primary = a.modifiedAt < b.modifiedAt ? -1 : a.modifiedAt > b.modifiedAt ? 1 : 0;
    return direction * (primary || collator.compare(a.name, b.name));
  });
}
