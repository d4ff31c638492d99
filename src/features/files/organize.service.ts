import { CofferError, normalizeName } from '../../domain/index.js';
import { nameLookupHash, sealName, unwrapKey, wrapKey } from '../../crypto/index.js';
import { isUniqueViolation, type NodeRow, type NodesTable } from '../../db/index.js';
import type { Updateable } from 'kysely';
import type { AuthContext } from '../auth/index.js';
import { wrapContexts } from '../keyring/index.js';
import type { FilesDeps } from './files-deps.js';
import type { KeyChain } from './key-chain.js';
import { viewOf, type NodeView } from './node-view.js';
import { purgeSubtree } from './purge-subtree.js';
import { appendEvent, type LedgerEvent } from '../ledger/index.js';

/** Rename, move, trash, restore and purge: changes to where things are, never to their content. */
export class OrganizeService {
  constructor(private readonly deps: FilesDeps) {}

  async update(auth: AuthContext, id: string, changes: { name?: string | undefined; parentId?: string | undefined }): Promise<NodeView> {
    const chain = this.deps.keyChain(auth);
    const node = await chain.liveNode(id);
    if (node.parent_id === null) throw new CofferError('node.is_root');
    const target = changes.parentId ? await chain.liveFolder(changes.parentId) : await chain.node(node.parent_id);
    if (node.kind === 'folder' && (await chain.lineage(target)).some((n) => n.id === node.id)) throw new CofferError('node.move_into_itself');
    const name = changes.name !== undefined ? normalizeName(changes.name) : await chain.requireName(node);
    const events: LedgerEvent[] = [];
    if (changes.name !== undefined) events.push({ type: 'node.renamed', actorId: auth.userId, attributes: { nodeId: node.id } });
    if (target.id !== node.parent_id) events.push({ type: 'node.moved', actorId: auth.userId, attributes: { nodeId: node.id, parentId: target.id } });
    const placed = await this.placeUnder(chain, node, target, name, {}, events);
    return viewOf({ ...node, ...placed }, name);
  }

  async trash(auth: AuthContext, id: string): Promise<NodeView> {
    const chain = this.deps.keyChain(auth);
    const node = await chain.liveNode(id);
    if (node.parent_id === null) throw new CofferError('node.is_root');
    const now = Date.now();
    await this.deps.store.transaction(async (repos) => {
      await repos.nodes.update(node.id, { trashed_at: now });
      await appendEvent(repos, { type: 'node.trashed', actorId: auth.userId, attributes: { nodeId: node.id } });
    });
    return viewOf({ ...node, trashed_at: now }, await chain.name(node));
  }

  async listTrash(auth: AuthContext): Promise<NodeView[]> {
    const chain = this.deps.keyChain(auth);
    const rows = await this.deps.store.repos.nodes.listTrashed(auth.userId);
    return Promise.all(rows.map(async (row) => viewOf(row, await chain.name(row))));
  }

  /** Back to where it was, or to the root if that folder is gone or itself in the trash. */
  async restore(auth: AuthContext, id: string, newName?: string): Promise<NodeView> {
    const chain = this.deps.keyChain(auth);
    const node = await chain.node(id);
    if (node.trashed_at === null) throw new CofferError('node.not_in_trash');
    if (node.parent_id === null) throw new CofferError('node.is_root');
    const parent = await chain.node(node.parent_id);
    const target = (await chain.isInTrash(parent)) ? await chain.node((await chain.lineage(parent))[0]!.id) : parent;
    const name = newName !== undefined ? normalizeName(newName) : await chain.requireName(node);
    try {
      const restored: LedgerEvent = { type: 'node.restored', actorId: auth.userId, attributes: { nodeId: node.id, parentId: target.id } };
      const placed = await this.placeUnder(chain, node, target, name, { trashed_at: null }, [restored]);
      return viewOf({ ...node, ...placed, trashed_at: null }, name);
    } catch (err) {
      if (err instanceof CofferError && err.code === 'node.name_taken') {
        throw new CofferError('node.name_taken', `An item named "${name}" already exists there. Restore it under another name.`);
      }
      throw err;
    }
  }

  async purge(auth: AuthContext, id: string): Promise<void> {
    const node = await this.deps.keyChain(auth).node(id);
    if (node.trashed_at === null) throw new CofferError('node.not_in_trash', 'Only items in the trash can be deleted forever. Move it to the trash first.');
    await this.deps.deleteObjects(await purgeSubtree(this.deps.store, node.id, auth.userId));
  }

  async emptyTrash(auth: AuthContext): Promise<number> {
    const rows = await this.deps.store.repos.nodes.listTrashed(auth.userId);
    for (const row of rows) await this.deps.deleteObjects(await purgeSubtree(this.deps.store, row.id, auth.userId));
    return rows.length;
  }

  /**
   * Puts `node` under `target` as `name`: re-seals the name (it is bound to the parent id) and, when
   * the parent changes, re-wraps the node's key under the new folder key.
   */
  private async placeUnder(
    chain: KeyChain,
    node: NodeRow,
    target: NodeRow,
    name: string,
    extra: Updateable<NodesTable>,
    events: readonly LedgerEvent[],
  ): Promise<Updateable<NodesTable>> {
    const targetKey = await chain.folderKey(target);
    const nameHash = nameLookupHash(targetKey, name);
    const clash = await this.deps.store.repos.nodes.findLiveChildByNameHash(target.id, nameHash);
    if (clash && clash.id !== node.id) throw new CofferError('node.name_taken');
    const changes: Updateable<NodesTable> = { ...extra, parent_id: target.id, name_hash: nameHash, name_sealed: sealName(targetKey, name, node.id, target.id) };
    if (target.id !== node.parent_id) changes.key_wrapped = await this.rewrapKey(chain, node, target.id, targetKey);
    try {
      await this.deps.store.transaction(async (repos) => {
        await repos.nodes.update(node.id, changes);
        for (const event of events) await appendEvent(repos, event);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new CofferError('node.name_taken');
      throw err;
    }
    chain.forget(node.id);
    return changes;
  }

  private async rewrapKey(chain: KeyChain, node: NodeRow, newParentId: string, newParentKey: Buffer): Promise<Buffer> {
    if (node.kind === 'folder') return wrapKey(newParentKey, await chain.folderKey(node), wrapContexts.folder(node.id, newParentId));
    const oldParentKey = await chain.parentKey(node);
    const oldParentId = node.parent_id as string;
    if (node.key_protection === 'passphrase') {
      // The passphrase layer stays sealed: only the folder layer around it moves.
      const inner = unwrapKey(oldParentKey, node.key_wrapped, wrapContexts.filePassphraseOuter(node.id, oldParentId));
      return wrapKey(newParentKey, inner, wrapContexts.filePassphraseOuter(node.id, newParentId));
    }
    const dataKey = unwrapKey(oldParentKey, node.key_wrapped, wrapContexts.file(node.id, oldParentId));
    return wrapKey(newParentKey, dataKey, wrapContexts.file(node.id, newParentId));
  }
}
