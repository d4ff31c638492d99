import type { Store } from '../../db/index.js';
import { appendEvent } from '../ledger/index.js';

/**
 * Deletes a node and everything under it, with all versions, and gives the space back to the owner's
 * quota. Needs no keys, so retention jobs can run it (`actorId` null: the server did it). Returns the storage objects that are now
 * unreferenced, for the caller to delete after the transaction.
 */
export async function purgeSubtree(store: Store, rootId: string, actorId: string | null = null): Promise<string[]> {
  return store.transaction(async (repos) => {
    const root = await repos.nodes.findById(rootId);
    if (!root) return [];
    const order = [root.id];
    for (let i = 0; i < order.length; i++) {
      for (const child of await repos.nodes.listAllChildren(order[i] as string)) order.push(child.id);
    }
    const versions = await repos.versions.listForNodes(order);
    const objectKeys: string[] = [];
    for (const version of versions) {
      for (const object of await repos.versions.objects(version.id)) objectKeys.push(object.object_key);
    }
    const freed = versions.reduce((sum, v) => sum + v.size, 0);
    await repos.versions.deleteForNodes(order);
    // Children before parents, so the parent_id references never dangle.
    for (let end = order.length; end > 0; end -= 500) await repos.nodes.deleteMany(order.slice(Math.max(0, end - 500), end));
    if (freed > 0) await repos.users.subtractUsage(root.owner_id, freed);
    await appendEvent(repos, { type: 'node.purged', actorId, attributes: { nodeId: root.id } });
    return objectKeys;
  });
}
