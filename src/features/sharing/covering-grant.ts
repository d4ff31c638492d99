import { IntegrityError } from '../../domain/index.js';
import type { NodeRow, Repositories, ShareRow } from '../../db/index.js';

/**
 * The unexpired grant through which `userId` reaches `node` (the node itself or one of its ancestors is shared with
 * them), preferring write over read. Needs no keys: used to check a re-sharer still holds the rights they passed on.
 */
export async function coveringGrant(repos: Repositories, userId: string, node: NodeRow, now = Date.now()): Promise<ShareRow | undefined> {
  const grants = (await repos.shares.listForRecipient(userId)).filter((g) => g.owner_id === node.owner_id && (g.expires_at === null || g.expires_at > now));
  if (grants.length === 0) return undefined;
  const byNode = new Map<string, ShareRow>();
  for (const grant of grants) {
    const seen = byNode.get(grant.node_id);
    if (!seen || grant.permission === 'write') byNode.set(grant.node_id, grant);
  }
  let best: ShareRow | undefined;
  let current: NodeRow | undefined = node;
  for (let depth = 0; current; depth++) {
    if (depth > 10_000) throw new IntegrityError('folder structure has a cycle');
    const grant = byNode.get(current.id);
    if (grant && (!best || grant.permission === 'write')) best = grant;
    current = current.parent_id === null ? undefined : await repos.nodes.findById(current.parent_id);
  }
  return best;
}

/** True when the node or a folder above it is in the trash: shares and links of trashed items stop working. */
export async function isTrashedOrGone(repos: Repositories, node: NodeRow): Promise<boolean> {
  let current: NodeRow | undefined = node;
  for (let depth = 0; current; depth++) {
    if (depth > 10_000) throw new IntegrityError('folder structure has a cycle');
    if (current.trashed_at !== null) return true;
    if (current.parent_id === null) return false;
    current = await repos.nodes.findById(current.parent_id);
  }
  return true;
}
