import type { WrittenContent } from '../../storage/index.js';
import { manifestHash, type LedgerEvent } from '../ledger/index.js';

/**
 * What an upload produced: the objects, the key commitment and the keyed plaintext commitment. A resumable upload
 * has no plaintext commitment (null): its HMAC state cannot survive a server restart between requests.
 */
export interface UploadedContent {
  readonly written: WrittenContent;
  readonly commitment: Buffer;
  readonly plaintextMac: Buffer | null;
}

/** The log entry of a new version: its manifest hash, object Merkle root and both commitments, never its name. */
export function contentEvent(
  type: 'file.uploaded' | 'version.uploaded',
  actorId: string | null,
  fileId: string,
  versionId: string,
  salt: Buffer,
  content: UploadedContent,
  parentId?: string,
): LedgerEvent {
  const { written } = content;
  const manifest = manifestHash({
    fileId,
    versionId,
    size: written.size,
    storedSize: written.storedSize,
    salt,
    commitment: content.commitment,
    objects: written.objects.map((o) => ({ hash: Buffer.from(o.key, 'hex'), size: o.size })),
  });
  return {
    type,
    actorId,
    attributes: {
      nodeId: fileId,
      versionId,
      ...(parentId ? { parentId } : {}),
      size: written.size,
      merkleRoot: written.merkleRoot,
      manifestHash: manifest,
      commitment: content.commitment,
      ...(content.plaintextMac ? { plaintextMac: content.plaintextMac } : {}),
    },
  };
}
