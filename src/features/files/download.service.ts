import { CofferError } from '../../domain/index.js';
import { checkCommitment, deriveChunkKeys } from '../../crypto/index.js';
import type { VersionRow } from '../../db/index.js';
import { checkContentLayout, contentContext, readContent, type PlaintextRange, type StoredContent } from '../../storage/index.js';
import type { AuthContext } from '../auth/index.js';
import type { FilesDeps } from './files-deps.js';
import type { KeyChain } from './key-chain.js';
import { mimeTypeFor } from './mime-types.js';

export interface OpenedFile {
  readonly fileId: string;
  readonly name: string;
  readonly mimeType: string;
  readonly size: number;
  readonly version: VersionRow;
  readonly modifiedAt: number;
  /** Verified plaintext of an inclusive byte range; throws IntegrityError rather than yield unverified bytes. */
  read(range: PlaintextRange): AsyncGenerator<Buffer>;
}

/**
 * Opening a file version for reading: everything that can be checked before the first byte is
 * (key commitment, object list against size and Merkle root, the name), so most tampering is
 * reported as a clean error before a response starts.
 */
export class DownloadService {
  constructor(private readonly deps: FilesDeps) {}

  async open(
    auth: AuthContext,
    fileId: string,
    options: { versionId?: string | undefined; passphrase?: string | undefined; includeTrashed?: boolean } = {},
  ): Promise<OpenedFile> {
    const chain = this.deps.keyChain(auth);
    return this.openWith(chain, fileId, options);
  }

  async openWith(
    chain: KeyChain,
    fileId: string,
    options: { versionId?: string | undefined; passphrase?: string | undefined; includeTrashed?: boolean },
  ): Promise<OpenedFile> {
    // Like every other operation, content in the trash (or inside a trashed folder) is out of reach until restored;
    // only the owner's full export (includeTrashed) reads it where it is.
    const file = options.includeTrashed ? await chain.node(fileId) : await chain.liveNode(fileId);
    if (file.kind !== 'file') throw new CofferError('node.not_a_file');
    const versionId = options.versionId ?? file.current_version_id;
    const version = versionId ? await this.deps.store.repos.versions.findById(versionId) : undefined;
    if (!version || version.node_id !== file.id) throw new CofferError('version.not_found');
    const name = await chain.requireName(file);
    const dataKey = await chain.fileKey(file, options.passphrase);
    const keys = deriveChunkKeys(dataKey, version.salt, contentContext(file.id, version.id));
    checkCommitment(keys, version.commitment);
    const objects = await this.deps.store.repos.versions.objects(version.id);
    const content: StoredContent = { size: version.size, objects: objects.map((o) => ({ key: o.object_key, size: o.size })), merkleRoot: version.merkle_root };
    checkContentLayout(content);
    const { blobs, cryptoPool } = this.deps;
    // An empty version has no byte to send, so no read would ever check it; yet its one (empty) final chunk is
    // what proves it was not truncated to nothing in the database. Authenticate that chunk before serving.
    if (content.size === 0) for await (const _ of readContent(blobs, keys, cryptoPool, content, { start: 0, end: 0 }));
    return {
      fileId: file.id,
      name,
      mimeType: mimeTypeFor(name),
      size: version.size,
      version,
      modifiedAt: version.created_at,
      read: (range) => readContent(blobs, keys, cryptoPool, content, range),
    };
  }
}
