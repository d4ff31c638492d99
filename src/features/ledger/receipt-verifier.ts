import { leafHash, merkleRoot, openNote, parseCheckpoint, parseVerifierKey, verifyInclusion, type Checkpoint } from '../../crypto/index.js';
import { decodeEntry } from './entry-codec.js';
import { contentEventTypes } from './ledger-event.js';
import { manifestHash } from './manifest.js';
import type { Receipt } from './receipt.js';

export class ReceiptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReceiptError';
  }
}

export interface VerifiedReceipt {
  readonly checkpoint: Checkpoint;
  readonly logKey: string;
  readonly size: number;
  /** Null for a version written by a resumable upload (docs/format.md, "Plaintext commitment"). */
  readonly plaintextMac: Buffer | null;
  readonly plaintextMacKey: Buffer | null;
}

const b64 = (value: string, what: string, length?: number): Buffer => {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.toString('base64') !== value || (length !== undefined && bytes.length !== length)) throw new ReceiptError(`the receipt's ${what} is malformed`);
  return bytes;
};

/**
 * Checks everything in a receipt that does not need the file: the checkpoint's signature (with `pinnedKey` when the
 * caller has one, else the key the receipt names), the entry's inclusion in that checkpoint, and that the entry,
 * the manifest and the object list all describe the same version. Throws ReceiptError saying what failed.
 */
export function verifyReceipt(receipt: Receipt, pinnedKey?: string): VerifiedReceipt {
  if (receipt.format !== 'coffer-receipt/v1') throw new ReceiptError('this is not a coffer-receipt/v1 receipt');
  if (pinnedKey !== undefined && pinnedKey !== receipt.logKey)
    throw new ReceiptError('the receipt is signed by another log key than the one pinned for this server');
  const key = parseVerifierKey(receipt.logKey);
  if (!key) throw new ReceiptError("the receipt's log key is malformed");
  const text = openNote(receipt.checkpoint, key.name, key.publicKey);
  const checkpoint = text === null ? null : parseCheckpoint(text);
  if (!checkpoint || checkpoint.origin !== key.name) throw new ReceiptError("the checkpoint's signature does not verify with the log key");

  const entryBytes = b64(receipt.entry.bytes, 'entry');
  const proof = receipt.inclusionProof.map((p) => b64(p, 'inclusion proof', 32));
  if (!verifyInclusion(receipt.entry.index, checkpoint.size, leafHash(entryBytes), proof, checkpoint.rootHash)) {
    throw new ReceiptError('the log entry is not included in the signed checkpoint');
  }
  let entry;
  try {
    entry = decodeEntry(entryBytes);
  } catch {
    throw new ReceiptError('the log entry is not a valid entry');
  }
  const a = entry.attributes;
  if (entry.index !== receipt.entry.index || !contentEventTypes.includes(entry.type)) throw new ReceiptError('the log entry does not record a version');
  if (a.nodeId !== receipt.fileId || a.versionId !== receipt.versionId || a.size !== receipt.size)
    throw new ReceiptError('the log entry records another file or version');

  const objects = receipt.objects.map((o) => {
    if (!/^[0-9a-f]{64}$/.test(o.hash) || !Number.isSafeInteger(o.size) || o.size < 0) throw new ReceiptError('an object in the receipt is malformed');
    return { hash: Buffer.from(o.hash, 'hex'), size: o.size };
  });
  if (objects.reduce((sum, o) => sum + o.size, 0) !== receipt.storedSize) throw new ReceiptError('the object sizes do not add up to the stored size');
  const root = merkleRoot(objects.map((o) => o.hash));
  if (!root.equals(b64(receipt.merkleRoot, 'Merkle root', 32)) || !a.merkleRoot?.equals(root))
    throw new ReceiptError('the object list does not hash to the logged Merkle root');
  const manifest = manifestHash({
    fileId: receipt.fileId,
    versionId: receipt.versionId,
    size: receipt.size,
    storedSize: receipt.storedSize,
    salt: b64(receipt.salt, 'salt', 24),
    commitment: b64(receipt.commitment, 'commitment', 32),
    objects,
  });
  if (!manifest.equals(b64(receipt.manifestHash, 'manifest hash', 32)) || !a.manifestHash?.equals(manifest))
    throw new ReceiptError('the manifest does not hash to the logged manifest hash');
  if (!a.commitment?.equals(b64(receipt.commitment, 'commitment', 32))) throw new ReceiptError('the key commitment differs from the logged one');
  return {
    checkpoint,
    logKey: receipt.logKey,
    size: receipt.size,
    plaintextMac: a.plaintextMac ?? null,
    plaintextMacKey: receipt.plaintextMacKey === null ? null : b64(receipt.plaintextMacKey, 'plaintext key', 32),
  };
}
