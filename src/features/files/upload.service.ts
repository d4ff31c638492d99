import { CofferError, IntegrityError, newId, normalizeName } from '../../domain/index.js';
import {
  deriveChunkKeys,
  derivePasswordSecrets,
  nameLookupHash,
  newPasswordKdfParams,
  plaintextMacKey,
  randomBytesOf,
  randomKey,
  saltSize,
  sealName,
  wrapKey,
} from '../../crypto/index.js';
import { isUniqueViolation, type NodeRow } from '../../db/index.js';
import { ContentWriter, contentContext, type WrittenContent } from '../../storage/index.js';
import type { UploadedContent } from './content-event.js';
import type { AuthContext } from '../auth/index.js';
import { serializeKdf, wrapContexts } from '../keyring/index.js';
import { appendEvent } from '../ledger/index.js';
import { contentEvent } from './content-event.js';
import type { FilesDeps } from './files-deps.js';
import type { KeyChain } from './key-chain.js';
import { viewOf, type NodeView } from './node-view.js';

export interface UploadSource {
  /** The plaintext as it arrives; an error from it (client gone) aborts the upload. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Content-Length when the client sent one: checked exactly, and against the quota up front. */
  readonly declaredLength?: number | undefined;
  readonly passphrase?: string | undefined;
}

/**
 * Who writes: a key chain that opens the target folder, the owner whose tree and quota receive the file, and the
 * account doing it (the owner, or someone the folder is shared with), which the integrity log records.
 */
export interface UploadWriter {
  readonly chain: KeyChain;
  readonly ownerId: string;
  readonly actorId: string;
}

export interface NewFileRequest extends UploadSource {
  readonly parentId: string;
  readonly name: string;
  readonly onConflict: 'fail' | 'version';
}

/**
 * Uploads: the body is encrypted chunk by chunk as it arrives and written as storage objects;
 * one transaction then records the version. Until that commit nothing is visible, and on any
 * failure the objects already written are deleted, so a failed upload leaves nothing behind.
 */
export class UploadService {
  constructor(private readonly deps: FilesDeps) {}

  async uploadNew(auth: AuthContext, request: NewFileRequest): Promise<{ node: NodeView; created: boolean }> {
    return this.uploadNewAs({ chain: this.deps.keyChain(auth), ownerId: auth.userId, actorId: auth.userId }, request);
  }

  /** An upload by the owner, or by someone holding a write share on the folder (sharing's GrantKeyChain). */
  async uploadNewAs(writer: UploadWriter, request: NewFileRequest): Promise<{ node: NodeView; created: boolean }> {
    const { chain, ownerId } = writer;
    const parent = await chain.liveFolder(request.parentId);
    const name = normalizeName(request.name);
    const parentKey = await chain.folderKey(parent);
    const nameHash = nameLookupHash(parentKey, name);
    const existing = await this.deps.store.repos.nodes.findLiveChildByNameHash(parent.id, nameHash);
    if (existing) {
      if (request.onConflict !== 'version' || existing.kind !== 'file') throw new CofferError('node.name_taken');
      // As in path lookups: only the sealed name proves this is the file of that name, not the (unbound) lookup hash.
      if ((await chain.name(existing)) !== name) throw new IntegrityError('the stored name of this item');
      return { node: await this.uploadVersionAs(writer, existing.id, request), created: false };
    }

    const fileId = newId();
    const versionId = newId();
    const dataKey = randomKey();
    let keyWrapped: Buffer;
    let passphraseKdf: string | null = null;
    if (request.passphrase) {
      const params = newPasswordKdfParams();
      const { kek } = await derivePasswordSecrets(request.passphrase, params);
      const inner = wrapKey(kek, dataKey, wrapContexts.filePassphraseInner(fileId));
      keyWrapped = wrapKey(parentKey, inner, wrapContexts.filePassphraseOuter(fileId, parent.id));
      passphraseKdf = serializeKdf(params);
    } else {
      keyWrapped = wrapKey(parentKey, dataKey, wrapContexts.file(fileId, parent.id));
    }

    const salt = randomBytesOf(saltSize);
    const content = await this.writeContent(ownerId, dataKey, salt, fileId, versionId, request);
    const now = Date.now();
    const node: NodeRow = {
      id: fileId,
      owner_id: ownerId,
      parent_id: parent.id,
      kind: 'file',
      name_sealed: sealName(parentKey, name, fileId, parent.id),
      name_hash: nameHash,
      key_wrapped: keyWrapped,
      key_protection: passphraseKdf ? 'passphrase' : 'account',
      passphrase_kdf: passphraseKdf,
      current_version_id: versionId,
      size: content.written.size,
      created_at: now,
      updated_at: now,
      trashed_at: null,
    };
    await this.commitOrClean(content.written, async () => {
      await this.deps.store.transaction(async (repos) => {
        if (await repos.nodes.findLiveChildByNameHash(parent.id, nameHash)) throw new CofferError('node.name_taken');
        if (!(await repos.users.tryAddUsage(ownerId, content.written.size))) throw new CofferError('quota.exceeded');
        await repos.nodes.insert(node);
        await repos.versions.insert(versionRow(versionId, fileId, ownerId, 1, salt, content, now), content.written.objects);
        await appendEvent(repos, contentEvent('file.uploaded', writer.actorId, fileId, versionId, salt, content, parent.id));
      });
    });
    return { node: viewOf(node, name, 1), created: true };
  }

  async uploadVersion(auth: AuthContext, fileId: string, source: UploadSource): Promise<NodeView> {
    return this.uploadVersionAs({ chain: this.deps.keyChain(auth), ownerId: auth.userId, actorId: auth.userId }, fileId, source);
  }

  async uploadVersionAs(writer: UploadWriter, fileId: string, source: UploadSource): Promise<NodeView> {
    const { chain, ownerId } = writer;
    const file = await chain.liveNode(fileId);
    if (file.kind !== 'file') throw new CofferError('node.not_a_file');
    const dataKey = await chain.fileKey(file, source.passphrase);
    const versionId = newId();
    const salt = randomBytesOf(saltSize);
    const content = await this.writeContent(ownerId, dataKey, salt, file.id, versionId, source);
    const now = Date.now();
    let number = 0;
    await this.commitOrClean(content.written, async () => {
      await this.deps.store.transaction(async (repos) => {
        const current = await repos.nodes.findById(file.id);
        if (!current || current.trashed_at !== null) throw new CofferError('node.not_found');
        if (!(await repos.users.tryAddUsage(ownerId, content.written.size))) throw new CofferError('quota.exceeded');
        number = await repos.versions.nextNumber(file.id);
        await repos.versions.insert(versionRow(versionId, file.id, ownerId, number, salt, content, now), content.written.objects);
        await repos.nodes.update(file.id, { current_version_id: versionId, size: content.written.size, updated_at: now });
        await appendEvent(repos, contentEvent('version.uploaded', writer.actorId, file.id, versionId, salt, content));
      });
    });
    const updated = { ...file, current_version_id: versionId, size: content.written.size, updated_at: now };
    return viewOf(updated, await chain.name(updated), number);
  }

  /**
   * Streams the body into storage objects; enforces the owner's quota and the declared length as bytes arrive.
   * Public for writers that commit their own rows (file requests); on failure the objects are already deleted.
   */
  async writeContent(ownerId: string, dataKey: Buffer, salt: Buffer, fileId: string, versionId: string, source: UploadSource): Promise<UploadedContent> {
    const user = await this.deps.store.repos.users.findById(ownerId);
    if (!user) throw new CofferError('auth.session_invalid');
    const remaining = user.quota_bytes === 0 ? Number.POSITIVE_INFINITY : Math.max(0, user.quota_bytes - user.used_bytes);
    if (source.declaredLength !== undefined && source.declaredLength > remaining) throw new CofferError('quota.exceeded');

    const keys = deriveChunkKeys(dataKey, salt, contentContext(fileId, versionId));
    const writer = new ContentWriter(this.deps.blobs, keys, this.deps.cryptoPool, { plaintextMac: { key: plaintextMacKey(dataKey), fileId, versionId } });
    try {
      for await (const piece of source.body) {
        if (writer.plaintextBytes + piece.length > remaining) throw new CofferError('quota.exceeded');
        if (source.declaredLength !== undefined && writer.plaintextBytes + piece.length > source.declaredLength)
          throw new CofferError('upload.length_mismatch');
        await writer.write(piece);
      }
      if (source.declaredLength !== undefined && writer.plaintextBytes !== source.declaredLength) throw new CofferError('upload.incomplete');
      const written = await writer.finish();
      return { written, commitment: keys.commitment, plaintextMac: written.plaintextMac as Buffer };
    } catch (err) {
      await this.deps.deleteObjects((await writer.abort()).map((o) => o.key));
      if (err instanceof CofferError) throw err;
      if (isClientAbort(err)) throw new CofferError('upload.incomplete');
      throw err;
    }
  }

  private async commitOrClean(written: WrittenContent, commit: () => Promise<void>): Promise<void> {
    try {
      await commit();
    } catch (err) {
      await this.deps.deleteObjects(written.objects.map((o) => o.key));
      if (isUniqueViolation(err)) throw new CofferError('node.name_taken');
      throw err;
    }
  }
}

export function versionRow(id: string, nodeId: string, ownerId: string, number: number, salt: Buffer, content: UploadedContent, now: number) {
  const { written, commitment, plaintextMac } = content;
  return {
    id,
    node_id: nodeId,
    owner_id: ownerId,
    number,
    size: written.size,
    stored_size: written.storedSize,
    salt,
    commitment,
    merkle_root: written.merkleRoot,
    object_count: written.objects.length,
    created_at: now,
    plaintext_mac: plaintextMac,
  };
}

export function isClientAbort(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  const message = err instanceof Error ? err.message : '';
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || message === 'aborted';
}
