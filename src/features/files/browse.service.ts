import { CofferError, IntegrityError, newId, normalizeName } from '../../domain/index.js';
import { nameLookupHash, randomKey, sealName, wrapKey } from '../../crypto/index.js';
import { isUniqueViolation, type NodeRow } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import { wrapContexts } from '../keyring/index.js';
import type { FilesDeps } from './files-deps.js';
import type { KeyChain } from './key-chain.js';
import { viewOf, type NodeView } from './node-view.js';
import { appendEvent } from '../ledger/index.js';

export type SortField = 'name' | 'size' | 'modified' | 'type';

export interface ListOptions {
  readonly sort: SortField;
  readonly order: 'asc' | 'desc';
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export interface Listing {
  readonly folder: NodeView;
  readonly items: NodeView[];
  readonly total: number;
  readonly nextCursor: string | null;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Files dropped through a file request arrive sealed to the owner and wait for the owner's key (features/sharing).
 * Listing a folder gives them that chance first, so they show under their names rather than as pending.
 */
export interface PendingDrops {
  adoptPendingIn(auth: AuthContext, folderId: string): Promise<void>;
}

/** Reading the tree: single nodes, paths, folder listings; and creating folders. */
export class BrowseService {
  constructor(
    private readonly deps: FilesDeps,
    private readonly pendingDrops?: PendingDrops,
  ) {}

  async get(auth: AuthContext, id: string): Promise<NodeView> {
    const chain = this.deps.keyChain(auth);
    const node = await chain.node(id);
    return this.view(chain, node);
  }

  async view(chain: KeyChain, node: NodeRow): Promise<NodeView> {
    const version = node.current_version_id ? await this.deps.store.repos.versions.findById(node.current_version_id) : undefined;
    return viewOf(node, await chain.name(node), version?.number ?? null);
  }

  /** Resolves "/a/b/c" from the caller's root; returns the node and the nodes along the way. */
  async resolve(auth: AuthContext, rootId: string, path: string): Promise<{ node: NodeView; path: NodeView[] }> {
    const chain = this.deps.keyChain(auth);
    let current = await chain.node(rootId);
    const trail: NodeView[] = [viewOf(current, '')];
    for (const segment of path.split('/').filter((s) => s !== '')) {
      if (current.kind !== 'folder') throw new CofferError('node.not_found');
      const name = normalizeName(segment);
      const child = await this.deps.store.repos.nodes.findLiveChildByNameHash(current.id, nameLookupHash(await chain.folderKey(current), name));
      if (!child) throw new CofferError('node.not_found', `Nothing named "${name}" in this folder.`);
      // The lookup hash is not bound to the item it sits on; only the sealed name is. Check it, so a tampered hash cannot redirect a path.
      if ((await chain.name(child)) !== name) throw new IntegrityError('the stored name of this item');
      current = child;
      trail.push(viewOf(child, name));
    }
    const node = await this.view(chain, current);
    trail[trail.length - 1] = node;
    return { node, path: trail };
  }

  /** Resolves a path from the caller's own root folder (WebDAV addresses files by path). */
  async resolveFromRoot(auth: AuthContext, path: string): Promise<{ node: NodeView; path: NodeView[] }> {
    return this.resolve(auth, await this.rootFolderId(auth), path);
  }

  async rootFolderId(auth: AuthContext): Promise<string> {
    const user = await this.deps.store.repos.users.findById(auth.userId);
    if (!user) throw new CofferError('auth.session_invalid');
    return user.root_folder_id;
  }

  /** Bytes used and the quota (0 = unlimited). */
  async usage(auth: AuthContext): Promise<{ usedBytes: number; quotaBytes: number }> {
    const user = await this.deps.store.repos.users.findById(auth.userId);
    if (!user) throw new CofferError('auth.session_invalid');
    return { usedBytes: user.used_bytes, quotaBytes: user.quota_bytes };
  }

  async list(auth: AuthContext, folderId: string, options: ListOptions): Promise<Listing> {
    const chain = this.deps.keyChain(auth);
    const folder = await chain.liveFolder(folderId);
    await this.pendingDrops?.adoptPendingIn(auth, folder.id);
    const key = await chain.folderKey(folder);
    const rows = await this.deps.store.repos.nodes.listChildrenForListing(folder.id);
    const items = rows.map((row) => viewOf(row, chain.nameUnder(row, key)));
    items.sort(comparator(options.sort, options.order));
    const offset = options.cursor ? Number.parseInt(options.cursor, 10) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0) throw new CofferError('request.invalid', 'The cursor is not valid.');
    const page = items.slice(offset, offset + options.limit);
    const next = offset + page.length < items.length ? String(offset + page.length) : null;
    return { folder: await this.view(chain, folder), items: page, total: items.length, nextCursor: next };
  }

  async createFolder(auth: AuthContext, parentId: string, rawName: string): Promise<NodeView> {
    const chain = this.deps.keyChain(auth);
    const parent = await chain.liveFolder(parentId);
    const name = normalizeName(rawName);
    const parentKey = await chain.folderKey(parent);
    const hash = nameLookupHash(parentKey, name);
    const id = newId();
    const now = Date.now();
    const row: NodeRow = {
      id,
      owner_id: auth.userId,
      parent_id: parent.id,
      kind: 'folder',
      name_sealed: sealName(parentKey, name, id, parent.id),
      name_hash: hash,
      key_wrapped: wrapKey(parentKey, randomKey(), wrapContexts.folder(id, parent.id)),
      key_protection: 'account',
      passphrase_kdf: null,
      current_version_id: null,
      size: 0,
      created_at: now,
      updated_at: now,
      trashed_at: null,
    };
    if (await this.deps.store.repos.nodes.findLiveChildByNameHash(parent.id, hash)) throw new CofferError('node.name_taken');
    try {
      await this.deps.store.transaction(async (repos) => {
        await repos.nodes.insert(row);
        await appendEvent(repos, { type: 'folder.created', actorId: auth.userId, attributes: { nodeId: id, parentId: parent.id } });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new CofferError('node.name_taken');
      throw err;
    }
    return viewOf(row, name);
  }
}

function comparator(sort: SortField, order: 'asc' | 'desc'): (a: NodeView, b: NodeView) => number {
  const direction = order === 'asc' ? 1 : -1;
  const byName = (a: NodeView, b: NodeView): number => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1);
  return (a, b) => {
    // Folders stay together before files whatever the sort, as every file manager does.
    if (a.type !== b.type) return a.type === 'folder' ? -1 : 1;
    let primary = 0;
    if (sort === 'size') primary = a.size - b.size;
    else if (sort === 'modified') primary = a.modifiedAt - b.modifiedAt;
    else if (sort === 'type') primary = collator.compare(a.mimeType ?? '', b.mimeType ?? '');
    return direction * (primary || byName(a, b));
  };
}
