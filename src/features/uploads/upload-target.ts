import { CofferError, IntegrityError, newId, normalizeName } from '../../domain/index.js';
import { derivePasswordSecrets, nameLookupHash, newPasswordKdfParams, randomBytesOf, randomKey, saltSize, sealName, wrapKey } from '../../crypto/index.js';
import type { UploadsTable } from '../../db/index.js';
import type { FilesDeps } from '../files/index.js';
import type { AuthContext } from '../auth/index.js';
import { serializeKdf, wrapContexts } from '../keyring/index.js';

export interface UploadTargetRequest {
  readonly parentId: string;
  readonly name: string;
  readonly onConflict: 'fail' | 'version';
  readonly length: number;
  readonly passphrase?: string | undefined;
}

/**
 * Decides at creation what an upload will become, with the same rules as UploadService: the name is
 * normalized and checked, a taken name is refused (409) unless a new version was asked for, and a
 * passphrase protects a new file's key. The data key is wrapped for the upload under the folder's key.
 */
export async function resolveUploadTarget(
  deps: FilesDeps,
  auth: AuthContext,
  request: UploadTargetRequest,
  uploadId: string,
  now: number,
  expiresAt: number,
): Promise<UploadsTable> {
  const chain = deps.keyChain(auth);
  const parent = await chain.liveFolder(request.parentId);
  const name = normalizeName(request.name);
  const parentKey = await chain.folderKey(parent);
  const nameHash = nameLookupHash(parentKey, name);
  const common = {
    id: uploadId,
    owner_id: auth.userId,
    parent_id: parent.id,
    version_id: newId(),
    salt: randomBytesOf(saltSize),
    upload_length: request.length,
    upload_offset: 0,
    staging_key: null,
    tail_sealed: null,
    created_at: now,
    expires_at: expiresAt,
  };
  const existing = await deps.store.repos.nodes.findLiveChildByNameHash(parent.id, nameHash);
  if (existing) {
    if (request.onConflict !== 'version' || existing.kind !== 'file') throw new CofferError('node.name_taken');
    if ((await chain.name(existing)) !== name) throw new IntegrityError('the stored name of this item');
    // A file dropped through a file request stays sealed to the owner until adopted; it takes no versions before.
    if (existing.key_protection === 'sealed') throw new CofferError('file.pending_adoption');
    const keyProtection = existing.key_protection;
    const dataKey = await chain.fileKey(existing, request.passphrase);
    return {
      ...common,
      file_id: existing.id,
      mode: 'version',
      name_sealed: null,
      name_hash: null,
      key_wrapped: wrapKey(parentKey, dataKey, wrapContexts.uploadData(uploadId, parent.id)),
      file_key_wrapped: null,
      key_protection: keyProtection,
      passphrase_kdf: null,
    };
  }

  const fileId = newId();
  const dataKey = randomKey();
  let fileKeyWrapped: Buffer;
  let passphraseKdf: string | null = null;
  if (request.passphrase) {
    const params = newPasswordKdfParams();
    const { kek } = await derivePasswordSecrets(request.passphrase, params);
    const inner = wrapKey(kek, dataKey, wrapContexts.filePassphraseInner(fileId));
    fileKeyWrapped = wrapKey(parentKey, inner, wrapContexts.filePassphraseOuter(fileId, parent.id));
    passphraseKdf = serializeKdf(params);
  } else {
    fileKeyWrapped = wrapKey(parentKey, dataKey, wrapContexts.file(fileId, parent.id));
  }
  return {
    ...common,
    file_id: fileId,
    mode: 'file',
    name_sealed: sealName(parentKey, name, fileId, parent.id),
    name_hash: nameHash,
    key_wrapped: wrapKey(parentKey, dataKey, wrapContexts.uploadData(uploadId, parent.id)),
    file_key_wrapped: fileKeyWrapped,
    key_protection: passphraseKdf ? 'passphrase' : 'account',
    passphrase_kdf: passphraseKdf,
  };
}
