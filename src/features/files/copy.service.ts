import { CofferError, normalizeName } from '../../domain/index.js';
import type { NodeRow } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { BrowseService } from './browse.service.js';
import type { DownloadService } from './download.service.js';
import type { FilesDeps } from './files-deps.js';
import type { KeyChain } from './key-chain.js';
import type { NodeView } from './node-view.js';
import { purgeSubtree } from './purge-subtree.js';
import type { UploadService } from './upload.service.js';
import { appendEvent } from '../ledger/index.js';

/**
 * Copies re-encrypt: a copy is a new file with its own data key (content is bound to the file id),
 * so sharing or deleting one never affects the other. Folder copies recurse over live children.
 */
export class CopyService {
  constructor(
    private readonly deps: FilesDeps,
    private readonly browse: BrowseService,
    private readonly upload: UploadService,
    private readonly download: DownloadService,
  ) {}

  async copy(auth: AuthContext, id: string, targetId: string, newName: string | undefined, passphrase: string | undefined): Promise<NodeView> {
    const chain = this.deps.keyChain(auth);
    const source = await chain.liveNode(id);
    if (source.parent_id === null) throw new CofferError('node.is_root');
    const target = await chain.liveFolder(targetId);
    if (source.kind === 'folder' && (await chain.lineage(target)).some((n) => n.id === source.id)) throw new CofferError('node.move_into_itself');
    const name = newName !== undefined ? normalizeName(newName) : await chain.requireName(source);
    const copy = await this.copyInto(auth, chain, source, target.id, name, passphrase);
    // The copy's own entries (file.uploaded, folder.created) are already in; this one links it to its source.
    await this.deps.store.transaction((repos) =>
      appendEvent(repos, { type: 'node.copied', actorId: auth.userId, attributes: { nodeId: copy.id, parentId: target.id, sourceNodeId: source.id } }),
    );
    return copy;
  }

  private async copyInto(
    auth: AuthContext,
    chain: KeyChain,
    source: NodeRow,
    targetId: string,
    name: string,
    passphrase: string | undefined,
  ): Promise<NodeView> {
    if (source.kind === 'file') {
      const opened = await this.download.openWith(chain, source.id, { passphrase });
      const { node } = await this.upload.uploadNew(auth, {
        parentId: targetId,
        name,
        onConflict: 'fail',
        body: opened.read({ start: 0, end: opened.size - 1 }),
        declaredLength: opened.size,
        passphrase: source.key_protection === 'passphrase' ? passphrase : undefined,
      });
      return node;
    }
    const folder = await this.browse.createFolder(auth, targetId, name);
    try {
      for (const child of await this.deps.store.repos.nodes.listChildren(source.id)) {
        await this.copyInto(auth, chain, child, folder.id, await chain.requireName(child), passphrase);
      }
    } catch (err) {
      // All or nothing: a copy that fails midway (quota, a passphrase, a name) takes back what it had copied.
      await this.deps.deleteObjects(await purgeSubtree(this.deps.store, folder.id, auth.userId));
      throw err;
    }
    return folder;
  }
}
