import { CofferError, newId } from '../../domain/index.js';
import { derivePasswordSecrets, newPasswordKdfParams, passwordVerifier, randomKey, wrapKey } from '../../crypto/index.js';
import type { LinkRow, Repositories, ShareEventRow } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { FilesDeps } from '../files/index.js';
import { serializeKdf } from '../keyring/index.js';
import { linkAccess, linkAccessVerifier, linkKek, linkWrapContext } from './link-keys.js';
import type { ShareEvents } from './share-events.js';
import { sealSharedName } from './share-keys.js';

export interface NewLink {
  readonly nodeId: string;
  readonly password?: string | undefined;
  readonly expiresAt?: number | null | undefined;
  readonly maxDownloads?: number | null | undefined;
  readonly allowDownload: boolean;
}

export interface LinkView {
  readonly id: string;
  readonly nodeId: string;
  readonly nodeType: 'file' | 'folder';
  readonly hasPassword: boolean;
  readonly expiresAt: number | null;
  readonly maxDownloads: number | null;
  readonly downloadCount: number;
  readonly allowDownload: boolean;
  readonly revokedAt: number | null;
  readonly createdAt: number;
}

/**
 * Public links, on the owner's side. Today's clients hand their session to the server, so the server generates the
 * link secret, wraps the node key under a key derived from it, keeps only a verifier of a second derived value, and
 * returns the secret once: it goes into the URL fragment and is never stored or logged.
 */
export class LinksService {
  constructor(
    private readonly files: FilesDeps,
    private readonly events: ShareEvents,
  ) {}

  private get repos(): Repositories {
    return this.files.store.repos;
  }

  async create(auth: AuthContext, request: NewLink): Promise<{ link: LinkView; secret: Buffer }> {
    const chain = this.files.keyChain(auth);
    const node = await chain.liveNode(request.nodeId);
    if (node.parent_id === null || (node.kind === 'file' && node.key_protection !== 'account')) throw new CofferError('share.not_shareable');
    if (request.expiresAt != null && request.expiresAt <= Date.now()) throw new CofferError('request.invalid', 'The expiry must be in the future.');
    const key = node.kind === 'folder' ? await chain.folderKey(node) : await chain.fileKey(node, undefined);
    const name = await chain.requireName(node);
    const id = newId();
    const secret = randomKey();
    let passwordKdf: string | null = null;
    let passwordCheck: Buffer | null = null;
    if (request.password) {
      const params = newPasswordKdfParams();
      passwordCheck = passwordVerifier((await derivePasswordSecrets(request.password, params)).authKey);
      passwordKdf = serializeKdf(params);
    }
    const row: LinkRow = {
      id,
      node_id: node.id,
      node_type: node.kind,
      owner_id: auth.userId,
      key_wrapped: wrapKey(linkKek(secret), key, linkWrapContext(node.kind, node.id, id)),
      name_sealed: sealSharedName(key, name, node.id, id),
      access_verifier: linkAccessVerifier(linkAccess(secret)),
      password_kdf: passwordKdf,
      password_verifier: passwordCheck,
      expires_at: request.expiresAt ?? null,
      max_downloads: request.maxDownloads ?? null,
      download_count: 0,
      allow_download: request.allowDownload ? 1 : 0,
      revoked_at: null,
      created_at: Date.now(),
    };
    await this.files.store.transaction(async (repos) => {
      await repos.links.insert(row);
      await this.events.record({ kind: 'link.created', actorId: auth.userId, subjectId: id, nodeId: node.id, ownerId: auth.userId }, repos);
    });
    return { link: linkViewOf(row), secret };
  }

  async list(auth: AuthContext, nodeId: string | undefined): Promise<LinkView[]> {
    const rows = await this.repos.links.listForOwner(auth.userId);
    // Delivery links are managed through their delivery (one per recipient), not listed as plain links.
    const deliveryLinks = await this.repos.deliveries.linkIdsForOwner(auth.userId);
    return rows.filter((r) => (nodeId === undefined || r.node_id === nodeId) && !deliveryLinks.has(r.id)).map(linkViewOf);
  }

  async revoke(auth: AuthContext, linkId: string): Promise<void> {
    const row = await this.owned(auth, linkId);
    if (row.revoked_at !== null) return;
    await this.files.store.transaction(async (repos) => {
      await repos.links.revoke(row.id, Date.now());
      await this.events.record({ kind: 'link.revoked', actorId: auth.userId, subjectId: row.id, nodeId: row.node_id, ownerId: row.owner_id }, repos);
    });
  }

  /** The access history of a link or a grant the caller owns or made. */
  async history(auth: AuthContext, subjectId: string): Promise<ShareEventRow[]> {
    const events = await this.repos.links.listEvents(subjectId);
    if (!events.some((e) => e.owner_id === auth.userId || e.actor_id === auth.userId)) throw new CofferError('share.not_found');
    return events;
  }

  private async owned(auth: AuthContext, linkId: string): Promise<LinkRow> {
    const row = await this.repos.links.findById(linkId);
    if (!row || row.owner_id !== auth.userId) throw new CofferError('link.not_found');
    return row;
  }
}

export function linkViewOf(row: LinkRow): LinkView {
  return {
    id: row.id,
    nodeId: row.node_id,
    nodeType: row.node_type,
    hasPassword: row.password_verifier !== null,
    expiresAt: row.expires_at,
    maxDownloads: row.max_downloads,
    downloadCount: row.download_count,
    allowDownload: row.allow_download === 1,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}
