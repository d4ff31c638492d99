import { CofferApiError } from '@coffer/sdk';
import { client } from '../../app/client';

/**
 * Finds or creates the folders of an uploaded tree, once per path. Creating an existing folder answers
 * node.name_taken: then the existing one is used, so uploading a folder twice merges into it.
 */
export class FolderResolver {
  readonly #known = new Map<string, Promise<string>>();

  constructor(private readonly rootId: string) {}

  resolve(folders: readonly string[]): Promise<string> {
    if (folders.length === 0) return Promise.resolve(this.rootId);
    const key = folders.join('/');
    let pending = this.#known.get(key);
    if (!pending) {
      pending = this.resolve(folders.slice(0, -1)).then((parentId) => ensureFolder(parentId, folders[folders.length - 1]!));
      this.#known.set(key, pending);
      pending.catch(() => this.#known.delete(key));
    }
    return pending;
  }
}

async function ensureFolder(parentId: string, name: string): Promise<string> {
  try {
    return (await client.createFolder({ parentId, name })).id;
  } catch (err) {
    if (!(err instanceof CofferApiError && err.code === 'node.name_taken')) throw err;
    for await (const item of client.iterateFolder(parentId)) if (item.name === name.normalize('NFC') && item.type === 'folder') return item.id;
    throw err;
  }
}
