import { CofferError } from '../../domain/index.js';
import type { VersionRow } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import { appendEvent } from '../ledger/index.js';
import type { FilesDeps } from './files-deps.js';
import { viewOf, type NodeView } from './node-view.js';

export interface VersionView {
  readonly id: string;
  readonly number: number;
  readonly size: number;
  readonly createdAt: number;
  readonly current: boolean;
  readonly merkleRoot: string;
}

/** Version history: every upload to an existing file adds a version; restoring makes an old one current again. */
export class VersionsService {
  constructor(private readonly deps: FilesDeps) {}

  async list(auth: AuthContext, fileId: string): Promise<VersionView[]> {
    const file = await this.deps.keyChain(auth).node(fileId);
    if (file.kind !== 'file') throw new CofferError('node.not_a_file');
    const versions = await this.deps.store.repos.versions.listForNode(file.id);
    return versions.map((v) => present(v, file.current_version_id));
  }

  async restore(auth: AuthContext, fileId: string, versionId: string): Promise<NodeView> {
    const chain = this.deps.keyChain(auth);
    const file = await chain.liveNode(fileId);
    if (file.kind !== 'file') throw new CofferError('node.not_a_file');
    const version = await this.deps.store.repos.versions.findById(versionId);
    if (!version || version.node_id !== file.id) throw new CofferError('version.not_found');
    const now = Date.now();
    await this.deps.store.transaction(async (repos) => {
      await repos.nodes.update(file.id, { current_version_id: version.id, size: version.size, updated_at: now });
      await appendEvent(repos, { type: 'version.restored', actorId: auth.userId, attributes: { nodeId: file.id, versionId: version.id } });
    });
    const updated = { ...file, current_version_id: version.id, size: version.size, updated_at: now };
    return viewOf(updated, await chain.name(updated), version.number);
  }
}

function present(v: VersionRow, currentId: string | null): VersionView {
  return { id: v.id, number: v.number, size: v.size, createdAt: v.created_at, current: v.id === currentId, merkleRoot: v.merkle_root.toString('hex') };
}
