import { CofferError, IntegrityError } from '../../domain/index.js';
import { derivePasswordSecrets, openName, unwrapKey } from '../../crypto/index.js';
import type { NodeRow, Repositories } from '../../db/index.js';
import { refuseWhileBlocked, type AttemptCounter, type AuthContext } from '../auth/index.js';
import { parseKdf, wrapContexts } from '../keyring/index.js';

/**
 * Opens a caller's nodes and keys for the length of one request. Every lookup goes through
 * `node()`, which answers "not found" alike for a missing id and for someone else's id.
 */
export class KeyChain {
  private readonly nodes = new Map<string, NodeRow>();
  private readonly folderKeys = new Map<string, Buffer>();

  constructor(
    private readonly repos: Repositories,
    readonly auth: AuthContext,
    private readonly passphraseLimiter: AttemptCounter,
  ) {}

  async node(id: string): Promise<NodeRow> {
    const cached = this.nodes.get(id);
    if (cached) return cached;
    const row = await this.repos.nodes.findById(id);
    if (!row || row.owner_id !== this.auth.userId) throw new CofferError('node.not_found');
    this.nodes.set(id, row);
    return row;
  }

  /** The node and its ancestors, root first. */
  async lineage(node: NodeRow): Promise<NodeRow[]> {
    const chain = [node];
    let current = node;
    while (current.parent_id !== null) {
      current = await this.node(current.parent_id);
      chain.unshift(current);
      if (chain.length > 10_000) throw new IntegrityError('folder structure has a cycle');
    }
    return chain;
  }

  async isInTrash(node: NodeRow): Promise<boolean> {
    return (await this.lineage(node)).some((n) => n.trashed_at !== null);
  }

  /** A node that must be live (not in the trash, nor inside a trashed folder). */
  async liveNode(id: string): Promise<NodeRow> {
    const node = await this.node(id);
    if (await this.isInTrash(node)) throw new CofferError('node.in_trash');
    return node;
  }

  async liveFolder(id: string): Promise<NodeRow> {
    const folder = await this.liveNode(id);
    if (folder.kind !== 'folder') throw new CofferError('node.not_a_folder');
    return folder;
  }

  async folderKey(folder: NodeRow): Promise<Buffer> {
    const cached = this.folderKeys.get(folder.id);
    if (cached) return cached;
    if (folder.kind !== 'folder') throw new CofferError('node.not_a_folder');
    const key =
      folder.parent_id === null
        ? unwrapKey(this.auth.masterKey, folder.key_wrapped, wrapContexts.rootFolder(this.auth.userId, folder.id))
        : unwrapKey(await this.folderKey(await this.node(folder.parent_id)), folder.key_wrapped, wrapContexts.folder(folder.id, folder.parent_id));
    this.folderKeys.set(folder.id, key);
    return key;
  }

  async parentKey(node: NodeRow): Promise<Buffer> {
    if (node.parent_id === null) throw new CofferError('node.is_root');
    return this.folderKey(await this.node(node.parent_id));
  }

  /** The decrypted name, or undefined when the sealed name fails authentication (shown as damaged). */
  async name(node: NodeRow): Promise<string | undefined> {
    if (node.parent_id === null) return '';
    if (!node.name_sealed) return undefined;
    try {
      return openName(await this.parentKey(node), node.name_sealed, node.id, node.parent_id);
    } catch (err) {
      if (err instanceof IntegrityError) return undefined;
      throw err;
    }
  }

  /** The name of a child whose parent folder key the caller already holds (listing a folder). */
  nameUnder(node: Pick<NodeRow, 'id' | 'parent_id' | 'name_sealed'>, parentKey: Buffer): string | undefined {
    if (!node.name_sealed || node.parent_id === null) return undefined;
    try {
      return openName(parentKey, node.name_sealed, node.id, node.parent_id);
    } catch (err) {
      if (err instanceof IntegrityError) return undefined;
      throw err;
    }
  }

  async requireName(node: NodeRow): Promise<string> {
    if (node.key_protection === 'sealed') throw new CofferError('file.pending_adoption');
    const name = await this.name(node);
    if (name === undefined) throw new IntegrityError('the stored name of this item');
    return name;
  }

  /** A file's data key; a passphrase-protected file also needs its passphrase. */
  async fileKey(file: NodeRow, passphrase: string | undefined): Promise<Buffer> {
    if (file.kind !== 'file' || file.parent_id === null) throw new CofferError('node.not_a_file');
    const parentKey = await this.parentKey(file);
    if (file.key_protection === 'account') return unwrapKey(parentKey, file.key_wrapped, wrapContexts.file(file.id, file.parent_id));
    if (file.key_protection === 'sealed') throw new CofferError('file.pending_adoption');
    if (passphrase === undefined || passphrase === '') throw new CofferError('file.passphrase_required');
    const inner = unwrapKey(parentKey, file.key_wrapped, wrapContexts.filePassphraseOuter(file.id, file.parent_id));
    if (!file.passphrase_kdf) throw new IntegrityError('passphrase parameters');
    const limiterKey = `${this.auth.userId}:${file.id}`;
    await refuseWhileBlocked(this.passphraseLimiter, limiterKey);
    const { kek } = await derivePasswordSecrets(passphrase, parseKdf(file.passphrase_kdf));
    let key: Buffer;
    try {
      key = unwrapKey(kek, inner, wrapContexts.filePassphraseInner(file.id));
    } catch (err) {
      if (!(err instanceof IntegrityError)) throw err;
      await this.passphraseLimiter.fail(limiterKey);
      throw new CofferError('file.passphrase_invalid');
    }
    await this.passphraseLimiter.succeed(limiterKey);
    return key;
  }

  forget(id: string): void {
    this.nodes.delete(id);
    this.folderKeys.delete(id);
  }
}
