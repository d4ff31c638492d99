import { CofferError, IntegrityError } from '../../domain/index.js';
import type { Repositories } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import { viewOf, type DownloadService, type FilesDeps, type NodeView, type OpenedFile, type UploadService, type UploadSource } from '../files/index.js';
import type { GrantOpener } from './grant-opener.js';
import type { ShareEvents } from './share-events.js';
import type { Permission } from './shares.service.js';

export interface SharedWithMe {
  readonly shareId: string;
  readonly node: NodeView | null;
  readonly nodeType: 'file' | 'folder';
  readonly permission: Permission;
  readonly expiresAt: number | null;
  readonly ownerEmail: string;
  readonly sharerEmail: string;
  /** Set when the grant failed to open (bad signature, substituted key): shown, never served. */
  readonly problem: string | null;
}

/**
 * Sharing on the recipient's side: every call opens the grant afresh (so a revoke or expiry takes effect on the
 * next request) and then runs the files use cases over a key chain confined to the shared subtree.
 */
export class SharedAccessService {
  constructor(
    private readonly files: FilesDeps,
    private readonly opener: GrantOpener,
    private readonly download: DownloadService,
    private readonly upload: UploadService,
    private readonly events: ShareEvents,
  ) {}

  private get repos(): Repositories {
    return this.files.store.repos;
  }

  async sharedWithMe(auth: AuthContext): Promise<SharedWithMe[]> {
    const now = Date.now();
    const out: SharedWithMe[] = [];
    for (const grant of await this.repos.shares.listForRecipient(auth.userId)) {
      if (grant.expires_at !== null && grant.expires_at <= now) continue;
      const owner = await this.repos.users.findById(grant.owner_id);
      const sharer = await this.repos.users.findById(grant.sharer_id);
      let node: NodeView | null = null;
      let problem: string | null = null;
      try {
        const { chain } = await this.opener.open(auth, grant.id, now);
        node = viewOf(chain.root, await chain.name(chain.root));
      } catch (err) {
        if (err instanceof CofferError && err.code === 'share.not_found') continue; // the item is gone or in the trash
        if (!(err instanceof CofferError)) throw err;
        problem = err instanceof IntegrityError ? err.message : err.code;
      }
      out.push({
        shareId: grant.id,
        node,
        nodeType: grant.node_type,
        permission: grant.permission,
        expiresAt: grant.expires_at,
        ownerEmail: owner?.email ?? '',
        sharerEmail: sharer?.email ?? '',
        problem,
      });
    }
    return out;
  }

  async leave(auth: AuthContext, shareId: string): Promise<void> {
    const grant = await this.repos.shares.findById(shareId);
    if (!grant || grant.recipient_id !== auth.userId) throw new CofferError('share.not_found');
    await this.files.store.transaction(async (repos) => {
      await repos.shares.delete(grant.id);
      await this.events.record({ kind: 'share.left', actorId: auth.userId, subjectId: grant.id, nodeId: grant.node_id, ownerId: grant.owner_id }, repos);
    });
  }

  /** A folder inside the share (its root when `folderId` is omitted), names opened with keys from the grant. */
  async list(auth: AuthContext, shareId: string, folderId: string | undefined): Promise<{ folder: NodeView; items: NodeView[] }> {
    const { chain } = await this.opener.open(auth, shareId);
    const folder = await chain.liveFolder(folderId ?? chain.root.id);
    const key = await chain.folderKey(folder);
    const rows = await this.repos.nodes.listChildrenForListing(folder.id);
    const items = rows.map((row) => viewOf(row, chain.nameUnder(row, key)));
    return { folder: viewOf(folder, await chain.name(folder)), items };
  }

  async open(auth: AuthContext, shareId: string, fileId: string | undefined, versionId: string | undefined): Promise<OpenedFile> {
    const { chain } = await this.opener.open(auth, shareId);
    return this.download.openWith(chain, fileId ?? chain.root.id, { versionId });
  }

  /**
   * A write share lets its recipient add files to the shared folder and new versions to shared files. The recipient
   * holds the folder key through the grant, so new keys are wrapped under it as the owner's own would be; the owner's
   * quota pays, and the owner's tree receives the file.
   */
  async uploadNew(auth: AuthContext, shareId: string, request: { parentId?: string | undefined; name: string; onConflict: 'fail' | 'version' } & UploadSource) {
    const { grant, chain } = await this.opener.open(auth, shareId);
    if (grant.permission !== 'write') throw new CofferError('auth.forbidden', 'This share is read-only.');
    return this.upload.uploadNewAs({ chain, ownerId: grant.owner_id, actorId: auth.userId }, { ...request, parentId: request.parentId ?? chain.root.id });
  }

  async uploadVersion(auth: AuthContext, shareId: string, fileId: string | undefined, source: UploadSource): Promise<NodeView> {
    const { grant, chain } = await this.opener.open(auth, shareId);
    if (grant.permission !== 'write') throw new CofferError('auth.forbidden', 'This share is read-only.');
    return this.upload.uploadVersionAs({ chain, ownerId: grant.owner_id, actorId: auth.userId }, fileId ?? chain.root.id, source);
  }
}
