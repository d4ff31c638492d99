import { CofferError, newId } from '../../domain/index.js';
import { sealToRecipient, signGrant, verifiersEqual } from '../../crypto/index.js';
import { isUniqueViolation, type NodeRow, type Repositories, type ShareRow, type UserRow } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { FilesDeps, KeyChain } from '../files/index.js';
import { callerAccount, privateKeyOf } from './account-private-keys.js';
import { coveringGrant } from './covering-grant.js';
import { grantFields, type GrantOpener } from './grant-opener.js';
import type { ShareEvents } from './share-events.js';
import { sealSharedName } from './share-keys.js';

export type Permission = 'read' | 'write';

export interface NewShare {
  readonly nodeId: string;
  readonly recipientEmail: string;
  readonly permission: Permission;
  readonly expiresAt: number | null;
}

export interface ShareView {
  readonly id: string;
  readonly nodeId: string;
  readonly nodeType: 'file' | 'folder';
  readonly ownerId: string;
  readonly sharerId: string;
  readonly recipientId: string;
  readonly recipientEmail: string;
  readonly permission: Permission;
  readonly expiresAt: number | null;
  readonly createdAt: number;
}

interface SharerAccess {
  readonly chain: KeyChain;
  readonly node: NodeRow;
  readonly permission: Permission;
  readonly expiresAt: number | null;
}

/**
 * Sharing with users, on the sharer's side: the node key is sealed to the recipient's X25519 key (age stanza) and
 * the grant signed with the sharer's Ed25519 key. Owners share anything of theirs; recipients may pass a share on
 * with at most their own rights and expiry.
 */
export class SharesService {
  constructor(
    private readonly files: FilesDeps,
    private readonly opener: GrantOpener,
    private readonly events: ShareEvents,
  ) {}

  private get repos(): Repositories {
    return this.files.store.repos;
  }

  async create(auth: AuthContext, request: NewShare): Promise<ShareView> {
    const access = await this.sharerAccess(auth, request.nodeId);
    const { node, chain } = access;
    if (node.parent_id === null && node.owner_id === auth.userId) throw new CofferError('share.not_shareable');
    if (node.kind === 'file' && node.key_protection !== 'account') throw new CofferError('share.not_shareable');
    const expiresAt = this.checkRights(access, request.permission, request.expiresAt);
    const recipient = await this.repos.users.findByEmail(request.recipientEmail.trim().toLowerCase());
    if (!recipient || recipient.id === auth.userId || recipient.id === node.owner_id) throw new CofferError('user.not_found');
    await this.checkRecipientPin(auth.userId, recipient);

    const key = node.kind === 'folder' ? await chain.folderKey(node) : await chain.fileKey(node, undefined);
    const name = await chain.requireName(node);
    const me = await callerAccount(this.repos, auth);
    const now = Date.now();
    const id = newId();
    const unsigned = {
      id,
      node_id: node.id,
      node_type: node.kind,
      owner_id: node.owner_id,
      sharer_id: auth.userId,
      recipient_id: recipient.id,
      recipient_public: recipient.x25519_public,
      permission: request.permission,
      expires_at: expiresAt,
      key_sealed: sealToRecipient(recipient.x25519_public, key),
      name_sealed: sealSharedName(key, name, node.id, id),
      signature: Buffer.alloc(0),
      created_at: now,
      updated_at: now,
    } satisfies ShareRow;
    const row: ShareRow = { ...unsigned, signature: signGrant(privateKeyOf(auth, me, 'ed25519'), grantFields(unsigned)) };
    try {
      await this.files.store.transaction(async (repos) => {
        await repos.shares.insert(row);
        const event = { subjectId: id, nodeId: node.id, ownerId: node.owner_id, recipientId: recipient.id, recipientPublic: recipient.x25519_public };
        await this.events.record({ kind: 'share.granted', actorId: auth.userId, ...event }, repos);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new CofferError('share.exists');
      throw err;
    }
    return viewOf(row, recipient);
  }

  /** Who has access to a node: every grant on it, for its owner or anyone who can share it. */
  async listForNode(auth: AuthContext, nodeId: string): Promise<ShareView[]> {
    const { node } = await this.sharerAccess(auth, nodeId);
    const rows = await this.repos.shares.listForNode(node.id);
    return Promise.all(rows.map(async (row) => viewOf(row, await this.repos.users.findById(row.recipient_id))));
  }

  /** Changes permission or expiry: the sharer signs the grant again (the sealed key itself does not change). */
  async update(
    auth: AuthContext,
    shareId: string,
    changes: { permission?: Permission | undefined; expiresAt?: number | null | undefined },
  ): Promise<ShareView> {
    const row = await this.managed(auth, shareId);
    if (row.sharer_id !== auth.userId) throw new CofferError('share.not_found');
    const access = await this.sharerAccess(auth, row.node_id);
    const permission = changes.permission ?? row.permission;
    const expiresAt = this.checkRights(access, permission, changes.expiresAt === undefined ? row.expires_at : changes.expiresAt);
    const me = await callerAccount(this.repos, auth);
    const next: ShareRow = { ...row, permission, expires_at: expiresAt, updated_at: Date.now() };
    const signature = signGrant(privateKeyOf(auth, me, 'ed25519'), grantFields(next));
    await this.files.store.transaction(async (repos) => {
      await repos.shares.update(row.id, { permission, expires_at: expiresAt, signature, updated_at: next.updated_at });
      await this.events.record({ kind: 'share.changed', actorId: auth.userId, subjectId: row.id, nodeId: row.node_id, ownerId: row.owner_id }, repos);
    });
    return viewOf(next, await this.repos.users.findById(row.recipient_id));
  }

  /** Revoking deletes the grant and with it the only copy of the key sealed to the recipient: access ends at once. */
  async revoke(auth: AuthContext, shareId: string): Promise<void> {
    const row = await this.managed(auth, shareId);
    await this.files.store.transaction(async (repos) => {
      await repos.shares.delete(row.id);
      await this.events.record({ kind: 'share.revoked', actorId: auth.userId, subjectId: row.id, nodeId: row.node_id, ownerId: row.owner_id }, repos);
    });
  }

  private async managed(auth: AuthContext, shareId: string): Promise<ShareRow> {
    const row = await this.repos.shares.findById(shareId);
    if (!row || (row.owner_id !== auth.userId && row.sharer_id !== auth.userId)) throw new CofferError('share.not_found');
    return row;
  }

  private checkRights(access: SharerAccess, permission: Permission, expiresAt: number | null): number | null {
    if (permission === 'write' && access.permission !== 'write') throw new CofferError('share.permission_exceeded');
    if (expiresAt !== null && expiresAt <= Date.now()) throw new CofferError('request.invalid', 'The expiry must be in the future.');
    if (access.expiresAt === null) return expiresAt;
    if (expiresAt === null || expiresAt > access.expiresAt) return access.expiresAt;
    return expiresAt;
  }

  /** Trust on first use of the recipient's key; a later change refuses to share until someone looks into it. */
  private async checkRecipientPin(sharerId: string, recipient: UserRow): Promise<void> {
    const pin = await this.repos.shares.findPin(sharerId, recipient.id);
    if (!pin) {
      await this.repos.shares.insertPin({
        pinner_id: sharerId,
        subject_id: recipient.id,
        x25519_public: recipient.x25519_public,
        ed25519_public: recipient.ed25519_public,
        created_at: Date.now(),
      });
      return;
    }
    if (!verifiersEqual(pin.x25519_public, recipient.x25519_public)) throw new CofferError('share.recipient_key_changed');
  }

  /** The caller's own node, or one reached through a grant (with that grant's rights). Anything else is "not found". */
  private async sharerAccess(auth: AuthContext, nodeId: string): Promise<SharerAccess> {
    const row = await this.repos.nodes.findById(nodeId);
    if (!row) throw new CofferError('node.not_found');
    if (row.owner_id === auth.userId) {
      const chain = this.files.keyChain(auth);
      return { chain, node: await chain.liveNode(nodeId), permission: 'write', expiresAt: null };
    }
    const grant = await coveringGrant(this.repos, auth.userId, row);
    if (!grant) throw new CofferError('node.not_found');
    const { chain } = await this.opener.open(auth, grant.id);
    return { chain, node: await chain.liveNode(nodeId), permission: grant.permission, expiresAt: grant.expires_at };
  }
}

function viewOf(row: ShareRow, recipient: UserRow | undefined): ShareView {
  return {
    id: row.id,
    nodeId: row.node_id,
    nodeType: row.node_type,
    ownerId: row.owner_id,
    sharerId: row.sharer_id,
    recipientId: row.recipient_id,
    recipientEmail: recipient?.email ?? '',
    permission: row.permission,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}
