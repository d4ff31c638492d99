import { randomUUID } from 'node:crypto';
import { CofferError } from '../../domain/index.js';
import type { DavLockRow } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { FilesDeps, KeyChain } from '../files/index.js';
import { nodeSecretKey, openNodeText, sealNodeText } from './node-secrets.js';

export interface DavLock {
  readonly token: string;
  /** The node the lock was taken on (its lock root). */
  readonly nodeId: string;
  readonly scope: 'exclusive' | 'shared';
  readonly depth: '0' | 'infinity';
  /** The client's DAV:owner element, as sent, when it could be opened. */
  readonly owner: string | undefined;
  readonly timeoutSeconds: number;
  readonly expiresAt: number;
}

export interface LockRequest {
  readonly scope: 'exclusive' | 'shared';
  readonly depth: '0' | 'infinity';
  readonly owner: string | undefined;
  readonly timeoutSeconds: number;
}

/** Longest lock we grant: a client that vanished must not hold a file for days. */
export const maxLockSeconds = 24 * 3600;

/**
 * WebDAV write locks (RFC 4918 §6-7), kept in the database so that every server instance sees the same
 * locks. A lock covers its node and, with depth infinity, everything below it. Locks live only on the
 * caller's own nodes, so a token from another account never matches anything.
 */
export class DavLocksService {
  constructor(private readonly files: FilesDeps) {}

  /** Locks on the node, on its ancestors with depth infinity, and (with `descendants`) on anything below it. */
  async covering(auth: AuthContext, nodeId: string, options: { descendants?: boolean } = {}): Promise<DavLock[]> {
    const chain = this.files.keyChain(auth);
    const node = await chain.node(nodeId);
    const rows = await this.files.store.repos.dav.activeLocksOfUser(auth.userId, Date.now());
    if (rows.length === 0) return [];
    const ancestors = new Set((await chain.lineage(node)).map((n) => n.id));
    const found: DavLock[] = [];
    for (const row of rows) {
      const onNode = row.node_id === node.id;
      const fromAbove = ancestors.has(row.node_id) && row.depth === 'infinity';
      let fromBelow = false;
      if (!onNode && !fromAbove && options.descendants && node.kind === 'folder') {
        const root = await chain.node(row.node_id).catch(() => undefined);
        fromBelow = root !== undefined && (await chain.lineage(root)).some((n) => n.id === node.id);
      }
      if (onNode || fromAbove || fromBelow) found.push(await this.view(chain, row));
    }
    return found;
  }

  /** Whether the caller holds any unexpired lock at all: most never do, and a listing can then skip every lookup. */
  async anyActive(auth: AuthContext): Promise<boolean> {
    return (await this.files.store.repos.dav.activeLocksOfUser(auth.userId, Date.now())).length > 0;
  }

  async lock(auth: AuthContext, nodeId: string, request: LockRequest): Promise<DavLock> {
    const existing = await this.covering(auth, nodeId, { descendants: request.depth === 'infinity' });
    if (existing.some((l) => l.scope === 'exclusive' || request.scope === 'exclusive')) throw new CofferError('dav.locked');
    const chain = this.files.keyChain(auth);
    const node = await chain.liveNode(nodeId);
    const key = request.owner !== undefined ? await nodeSecretKey(chain, node) : undefined;
    const now = Date.now();
    const timeoutSeconds = clampTimeout(request.timeoutSeconds);
    const row: DavLockRow = {
      token: `urn:uuid:${randomUUID()}`,
      owner_id: auth.userId,
      node_id: node.id,
      scope: request.scope,
      depth: request.depth,
      owner_sealed: key && request.owner !== undefined ? sealNodeText(key, 'lock-owner', node.id, request.owner) : null,
      timeout_seconds: timeoutSeconds,
      expires_at: now + timeoutSeconds * 1000,
      created_at: now,
    };
    await this.files.store.repos.dav.insertLock(row);
    await this.files.store.repos.dav.deleteExpiredLocks(now);
    return this.view(chain, row, request.owner);
  }

  /** Extends a lock that covers the node; anything else fails the request's precondition. */
  async refresh(auth: AuthContext, nodeId: string, token: string, timeoutSeconds: number): Promise<DavLock> {
    const lock = (await this.covering(auth, nodeId)).find((l) => l.token === token);
    if (!lock) throw new CofferError('dav.precondition_failed', 'No lock with this token covers this item.');
    const seconds = clampTimeout(timeoutSeconds);
    const expiresAt = Date.now() + seconds * 1000;
    await this.files.store.repos.dav.refreshLock(token, seconds, expiresAt);
    return { ...lock, timeoutSeconds: seconds, expiresAt };
  }

  async unlock(auth: AuthContext, nodeId: string, token: string): Promise<void> {
    const lock = (await this.covering(auth, nodeId)).find((l) => l.token === token);
    if (!lock) throw new CofferError('dav.lock_token_mismatch');
    await this.files.store.repos.dav.deleteLock(token);
  }

  /** Locks end with their resource: after DELETE or MOVE the tokens no longer apply (RFC 4918 §7.6). */
  async dropLocksOn(auth: AuthContext, nodeId: string): Promise<void> {
    for (const lock of await this.covering(auth, nodeId, { descendants: true })) {
      if (lock.nodeId === nodeId || (await this.isBelow(auth, lock.nodeId, nodeId))) await this.files.store.repos.dav.deleteLock(lock.token);
    }
  }

  private async isBelow(auth: AuthContext, nodeId: string, ancestorId: string): Promise<boolean> {
    const chain = this.files.keyChain(auth);
    return (await chain.lineage(await chain.node(nodeId))).some((n) => n.id === ancestorId);
  }

  private async view(chain: KeyChain, row: DavLockRow, owner?: string): Promise<DavLock> {
    let shown = owner;
    if (shown === undefined && row.owner_sealed) {
      try {
        const key = await nodeSecretKey(chain, await chain.node(row.node_id));
        shown = key ? openNodeText(key, 'lock-owner', row.node_id, row.owner_sealed) : undefined;
      } catch {
        shown = undefined;
      }
    }
    return {
      token: row.token,
      nodeId: row.node_id,
      scope: row.scope,
      depth: row.depth,
      owner: shown,
      timeoutSeconds: row.timeout_seconds,
      expiresAt: row.expires_at,
    };
  }
}

function clampTimeout(seconds: number): number {
  return Math.max(1, Math.min(maxLockSeconds, Math.floor(seconds)));
}
