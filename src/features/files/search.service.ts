import type { NodeRow } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { FilesDeps } from './files-deps.js';
import { viewOf, type NodeView } from './node-view.js';

export interface SearchHit {
  readonly node: NodeView;
  /** The folder holding it, as "/a/b" from the root ("/" for the root itself). */
  readonly folderPath: string;
}

export interface SearchResult {
  readonly hits: SearchHit[];
  /** True when the drive holds more items than one search reads, or more matches than were returned. */
  readonly truncated: boolean;
}

/** How many items one search may open: names are sealed, so every candidate costs a decryption. */
export const searchScanLimit = 100_000;

/**
 * Drive-wide search by name. Names are encrypted at rest, so there is no index to query: the live tree
 * is read once, walked from the root with the session's keys, and every name opened and compared. The
 * walk (rather than a flat scan) also keeps items inside a trashed folder out of the results.
 */
export class SearchService {
  constructor(private readonly deps: FilesDeps) {}

  async search(auth: AuthContext, rootId: string, query: string, limit: number): Promise<SearchResult> {
    const needle = fold(query);
    const rows = await this.deps.store.repos.nodes.listLiveByOwner(auth.userId, searchScanLimit + 1);
    let truncated = rows.length > searchScanLimit;
    const children = new Map<string, NodeRow[]>();
    for (const row of rows.slice(0, searchScanLimit)) {
      if (row.parent_id === null) continue;
      const siblings = children.get(row.parent_id);
      if (siblings) siblings.push(row);
      else children.set(row.parent_id, [row]);
    }
    const chain = this.deps.keyChain(auth);
    const hits: SearchHit[] = [];
    const queue: Array<{ folder: NodeRow; path: string }> = [{ folder: await chain.liveFolder(rootId), path: '' }];
    for (let next = 0; next < queue.length; next++) {
      const { folder, path } = queue[next]!;
      const key = await chain.folderKey(folder);
      for (const row of children.get(folder.id) ?? []) {
        const name = chain.nameUnder(row, key);
        if (name === undefined) continue;
        if (fold(name).includes(needle)) {
          if (hits.length >= limit) truncated = true;
          else hits.push({ node: viewOf(row, name), folderPath: path || '/' });
        }
        if (row.kind === 'folder') queue.push({ folder: row, path: `${path}/${name}` });
      }
    }
    return { hits, truncated };
  }
}

function fold(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase();
}
