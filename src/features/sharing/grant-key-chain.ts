import { CofferError, IntegrityError } from '../../domain/index.js';
import type { NodeRow, Repositories } from '../../db/index.js';
import type { AttemptCounter, AuthContext } from '../auth/index.js';
import { KeyChain } from '../files/index.js';

/** What a grant or a link opens: one node of one owner, its key, and its name as the sharer sealed it. */
export interface OpenedRoot {
  readonly root: NodeRow;
  readonly key: Buffer;
  readonly name: string;
}

/**
 * A KeyChain confined to a shared subtree. Nodes outside it (the owner's other files, the shared node's own parents)
 * answer "not found" like a missing id; the subtree's root key comes from the opened grant or link instead of
 * the owner's master key, so the files use cases (download, listing names) run unchanged for a recipient.
 */
export class GrantKeyChain extends KeyChain {
  private readonly inside = new Map<string, NodeRow>();

  constructor(
    private readonly rows: Repositories,
    auth: AuthContext,
    limiter: AttemptCounter,
    private readonly opened: OpenedRoot,
  ) {
    super(rows, auth, limiter);
    this.inside.set(opened.root.id, opened.root);
  }

  get root(): NodeRow {
    return this.opened.root;
  }

  override async node(id: string): Promise<NodeRow> {
    const known = this.inside.get(id);
    if (known) return known;
    const row = await this.rows.nodes.findById(id);
    if (!row || row.owner_id !== this.opened.root.owner_id) throw new CofferError('node.not_found');
    // Inside only if some ancestor is the shared root; walking up stops at the owner's root folder.
    let current: NodeRow | undefined = row;
    for (let depth = 0; current && current.parent_id !== null; depth++) {
      if (depth > 10_000) throw new IntegrityError('folder structure has a cycle');
      if (current.parent_id === this.opened.root.id || this.inside.has(current.parent_id)) {
        this.inside.set(row.id, row);
        return row;
      }
      current = await this.rows.nodes.findById(current.parent_id);
    }
    throw new CofferError('node.not_found');
  }

  override async lineage(node: NodeRow): Promise<NodeRow[]> {
    const chain = [node];
    let current = node;
    while (current.id !== this.opened.root.id) {
      if (current.parent_id === null) throw new CofferError('node.not_found');
      current = await this.node(current.parent_id);
      chain.unshift(current);
    }
    return chain;
  }

  override async folderKey(folder: NodeRow): Promise<Buffer> {
    if (folder.id === this.opened.root.id) {
      if (folder.kind !== 'folder') throw new CofferError('node.not_a_folder');
      return this.opened.key;
    }
    return super.folderKey(folder);
  }

  override async name(node: NodeRow): Promise<string | undefined> {
    return node.id === this.opened.root.id ? this.opened.name : super.name(node);
  }

  override async fileKey(file: NodeRow, passphrase: string | undefined): Promise<Buffer> {
    if (file.id !== this.opened.root.id) return super.fileKey(file, passphrase);
    if (file.kind !== 'file') throw new CofferError('node.not_a_file');
    return this.opened.key;
  }
}
