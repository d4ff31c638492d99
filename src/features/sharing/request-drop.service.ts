import { CofferError, newId, normalizeName } from '../../domain/index.js';
import {
  derivePasswordSecrets,
  passwordVerifier,
  randomBytesOf,
  randomKey,
  saltSize,
  sealToRecipient,
  secretVerifier,
  verifiersEqual,
} from '../../crypto/index.js';
import type { FileRequestRow, NodeRow, Repositories } from '../../db/index.js';
import { refuseWhileBlocked, type AttemptCounter } from '../auth/index.js';
import { contentEvent, type FilesDeps, type UploadService, type UploadSource } from '../files/index.js';
import { appendEvent } from '../ledger/index.js';
import { parseKdf } from '../keyring/index.js';
import { isTrashedOrGone } from './covering-grant.js';
import { dropPayload } from './drop-payload.js';
import { requestTokenLabel } from './file-requests.service.js';
import type { ShareEvents } from './share-events.js';

const dummyVerifier = secretVerifier(randomKey(), requestTokenLabel);

/**
 * Drops through a file request, by anyone holding its token: the file is encrypted on arrival under a fresh data key
 * that is sealed, with the name, to the folder owner's X25519 public key. The dropper cannot list or read anything;
 * the name must be a plain name (no paths); the owner's quota applies as bytes arrive.
 */
export class RequestDropService {
  constructor(
    private readonly files: FilesDeps,
    private readonly upload: UploadService,
    private readonly guessLimiter: AttemptCounter,
    private readonly passwordLimiter: AttemptCounter,
    private readonly events: ShareEvents,
  ) {}

  private get repos(): Repositories {
    return this.files.store.repos;
  }

  async drop(
    requestId: string,
    token: Buffer,
    password: string | undefined,
    rawName: string,
    source: UploadSource,
    clientAddress: string,
  ): Promise<{ id: string; size: number }> {
    const request = await this.authorize(requestId, token, password, clientAddress);
    const name = normalizeName(rawName);
    const folder = await this.repos.nodes.findById(request.folder_id);
    const owner = await this.repos.users.findById(request.owner_id);
    if (!folder || !owner || folder.kind !== 'folder' || (await isTrashedOrGone(this.repos, folder))) throw new CofferError('request.not_found');

    const fileId = newId();
    const versionId = newId();
    const dataKey = randomKey();
    const salt = randomBytesOf(saltSize);
    const content = await this.upload.writeContent(owner.id, dataKey, salt, fileId, versionId, source);
    const now = Date.now();
    const node: NodeRow = {
      id: fileId,
      owner_id: owner.id,
      parent_id: folder.id,
      kind: 'file',
      name_sealed: null,
      name_hash: null,
      key_wrapped: sealToRecipient(owner.x25519_public, dropPayload(dataKey, name)),
      key_protection: 'sealed',
      passphrase_kdf: null,
      current_version_id: versionId,
      size: content.written.size,
      created_at: now,
      updated_at: now,
      trashed_at: null,
    };
    try {
      await this.files.store.transaction(async (repos) => {
        if (!(await repos.users.tryAddUsage(owner.id, content.written.size))) throw new CofferError('quota.exceeded');
        await repos.nodes.insert(node);
        await repos.versions.insert(
          {
            id: versionId,
            node_id: fileId,
            owner_id: owner.id,
            number: 1,
            size: content.written.size,
            stored_size: content.written.storedSize,
            salt,
            commitment: content.commitment,
            merkle_root: content.written.merkleRoot,
            object_count: content.written.objects.length,
            created_at: now,
          },
          content.written.objects,
        );
        // The version is logged like any upload (so it has a receipt), with no actor: the uploader is anonymous.
        await appendEvent(repos, contentEvent('file.uploaded', null, fileId, versionId, salt, content, folder.id));
        await this.events.record({ kind: 'request.dropped', actorId: null, subjectId: request.id, nodeId: fileId, ownerId: owner.id }, repos);
      });
    } catch (err) {
      await this.files.deleteObjects(content.written.objects.map((o) => o.key));
      throw err;
    }
    return { id: fileId, size: content.written.size };
  }

  private async authorize(requestId: string, token: Buffer, password: string | undefined, clientAddress: string): Promise<FileRequestRow> {
    const guessKey = `address:${clientAddress}`;
    await refuseWhileBlocked(this.guessLimiter, guessKey);
    const row = await this.repos.fileRequests.findById(requestId);
    const matches = verifiersEqual(secretVerifier(token, requestTokenLabel), row?.token_verifier ?? dummyVerifier);
    const now = Date.now();
    if (!row || !matches || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) {
      await this.guessLimiter.fail(guessKey);
      throw new CofferError('request.not_found');
    }
    if (row.password_verifier && row.password_kdf) {
      if (!password) throw new CofferError('link.password_required');
      const keys = [`request:${row.id}`, guessKey];
      await refuseWhileBlocked(this.passwordLimiter, ...keys);
      const { authKey } = await derivePasswordSecrets(password, parseKdf(row.password_kdf));
      if (!verifiersEqual(passwordVerifier(authKey), row.password_verifier)) {
        await Promise.all(keys.map((key) => this.passwordLimiter.fail(key)));
        throw new CofferError('link.password_invalid');
      }
    }
    return row;
  }
}
