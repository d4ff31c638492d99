import { CofferError } from '../../domain/index.js';
import { plaintextMacKey } from '../../crypto/index.js';
import type { AuthContext } from '../auth/index.js';
import { manifestHash, type LedgerService, type Receipt } from '../ledger/index.js';
import type { FilesDeps } from './files-deps.js';

/**
 * Version receipts (docs/format.md, "Version receipt"). The owner's receipt carries the plaintext commitment key, so
 * `coffer verify FILE RECEIPT` can check the file itself; auditors and administrators may fetch any version's
 * receipt, without that key: they check the stored ciphertext and the log, never the content.
 */
export class ReceiptService {
  constructor(
    private readonly deps: FilesDeps,
    private readonly ledger: LedgerService,
  ) {}

  async receipt(auth: AuthContext, fileId: string, versionId: string, passphrase: string | undefined): Promise<Receipt> {
    const repos = this.deps.store.repos;
    const chain = this.deps.keyChain(auth);
    const mayAudit = auth.role === 'auditor' || auth.role === 'admin';
    const stored = await repos.nodes.findById(fileId);
    const own = stored?.owner_id === auth.userId;
    if (!stored || (!own && !mayAudit)) throw new CofferError('node.not_found');
    const file = own ? await chain.node(fileId) : stored;
    if (file.kind !== 'file') throw new CofferError('node.not_a_file');
    const version = await repos.versions.findById(versionId);
    if (!version || version.node_id !== file.id) throw new CofferError('version.not_found');
    const objects = (await repos.versions.objects(version.id)).map((o) => ({ hash: o.object_key, size: o.size }));
    const macKey = own ? plaintextMacKey(await chain.fileKey(file, passphrase)) : null;
    const proven = await this.ledger.proveVersion(version.id);
    const manifest = manifestHash({
      fileId: file.id,
      versionId: version.id,
      size: version.size,
      storedSize: version.stored_size,
      salt: version.salt,
      commitment: version.commitment,
      objects: objects.map((o) => ({ hash: Buffer.from(o.hash, 'hex'), size: o.size })),
    });
    return {
      format: 'coffer-receipt/v1',
      fileId: file.id,
      versionId: version.id,
      size: version.size,
      storedSize: version.stored_size,
      salt: version.salt.toString('base64'),
      commitment: version.commitment.toString('base64'),
      objects,
      merkleRoot: version.merkle_root.toString('base64'),
      manifestHash: manifest.toString('base64'),
      plaintextMacKey: macKey?.toString('base64') ?? null,
      entry: { index: proven.index, bytes: proven.entry.toString('base64') },
      inclusionProof: proven.proof.map((p) => p.toString('base64')),
      checkpoint: proven.checkpoint.note,
      logKey: this.ledger.key.verifierKey,
    };
  }
}
