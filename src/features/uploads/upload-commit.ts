import { CofferError } from '../../domain/index.js';
import { isUniqueViolation, type NodeRow, type UploadRow } from '../../db/index.js';
import type { WrittenContent } from '../../storage/index.js';
import { contentEvent, versionRow, viewOf, type FilesDeps, type NodeView } from '../files/index.js';
import { appendEvent } from '../ledger/index.js';
import type { AuthContext } from '../auth/index.js';

/**
 * Records a finished upload exactly as UploadService does: one transaction checks the name (or that the
 * file still lives) and the quota, then inserts the node or version with its object list and usage, and
 * removes the upload row. Nothing of the upload was visible before this commit.
 */
export async function commitUpload(deps: FilesDeps, auth: AuthContext, upload: UploadRow, written: WrittenContent, commitment: Buffer): Promise<NodeView> {
  const now = Date.now();
  try {
    if (upload.mode === 'file') return await commitNewFile(deps, auth, upload, written, commitment, now);
    return await commitNewVersion(deps, auth, upload, written, commitment, now);
  } catch (err) {
    if (isUniqueViolation(err)) throw new CofferError('node.name_taken');
    throw err;
  }
}

async function commitNewFile(
  deps: FilesDeps,
  auth: AuthContext,
  upload: UploadRow,
  written: WrittenContent,
  commitment: Buffer,
  now: number,
): Promise<NodeView> {
  const node: NodeRow = {
    id: upload.file_id,
    owner_id: auth.userId,
    parent_id: upload.parent_id,
    kind: 'file',
    name_sealed: upload.name_sealed,
    name_hash: upload.name_hash,
    key_wrapped: upload.file_key_wrapped as Buffer,
    key_protection: upload.key_protection,
    passphrase_kdf: upload.passphrase_kdf,
    current_version_id: upload.version_id,
    size: written.size,
    created_at: now,
    updated_at: now,
    trashed_at: null,
  };
  const content = { written, commitment, plaintextMac: null };
  await deps.store.transaction(async (repos) => {
    const parent = await repos.nodes.findById(upload.parent_id);
    if (!parent || parent.trashed_at !== null) throw new CofferError('node.not_found');
    if (await repos.nodes.findLiveChildByNameHash(upload.parent_id, upload.name_hash as Buffer)) throw new CofferError('node.name_taken');
    if (!(await repos.users.tryAddUsage(auth.userId, written.size))) throw new CofferError('quota.exceeded');
    await repos.nodes.insert(node);
    await repos.versions.insert(versionRow(upload.version_id, upload.file_id, auth.userId, 1, upload.salt, content, now), written.objects);
    await appendEvent(repos, contentEvent('file.uploaded', auth.userId, upload.file_id, upload.version_id, upload.salt, content, upload.parent_id));
    await repos.uploads.delete(upload.id);
  });
  const chain = deps.keyChain(auth);
  return viewOf(node, await chain.name(node), 1);
}

async function commitNewVersion(
  deps: FilesDeps,
  auth: AuthContext,
  upload: UploadRow,
  written: WrittenContent,
  commitment: Buffer,
  now: number,
): Promise<NodeView> {
  let number = 0;
  const content = { written, commitment, plaintextMac: null };
  await deps.store.transaction(async (repos) => {
    const current = await repos.nodes.findById(upload.file_id);
    if (!current || current.trashed_at !== null) throw new CofferError('node.not_found');
    if (!(await repos.users.tryAddUsage(auth.userId, written.size))) throw new CofferError('quota.exceeded');
    number = await repos.versions.nextNumber(upload.file_id);
    await repos.versions.insert(versionRow(upload.version_id, upload.file_id, auth.userId, number, upload.salt, content, now), written.objects);
    await appendEvent(repos, contentEvent('version.uploaded', auth.userId, upload.file_id, upload.version_id, upload.salt, content));
    await repos.nodes.update(upload.file_id, { current_version_id: upload.version_id, size: written.size, updated_at: now });
    await repos.uploads.delete(upload.id);
  });
  const chain = deps.keyChain(auth);
  const file = await chain.node(upload.file_id);
  return viewOf(file, await chain.name(file), number);
}
