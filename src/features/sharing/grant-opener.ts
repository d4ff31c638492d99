import { CofferError, IntegrityError } from '../../domain/index.js';
import { openFromRecipient, verifiersEqual, verifyGrant, x25519PublicKey, type GrantFields } from '../../crypto/index.js';
import type { Repositories, ShareRow, UserRow } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { FilesDeps } from '../files/index.js';
import { callerAccount, privateKeyOf } from './account-private-keys.js';
import { coveringGrant, isTrashedOrGone } from './covering-grant.js';
import { GrantKeyChain } from './grant-key-chain.js';
import { openSharedName } from './share-keys.js';

export function grantFields(row: ShareRow): GrantFields {
  return {
    grantId: row.id,
    nodeId: row.node_id,
    nodeType: row.node_type,
    ownerId: row.owner_id,
    sharerId: row.sharer_id,
    recipientId: row.recipient_id,
    recipientPublicKey: row.recipient_public,
    permission: row.permission,
    expiresAt: row.expires_at,
    wrappedKey: row.key_sealed,
  };
}

/**
 * Opens a grant for its recipient, checking everything a database-level attacker could have changed: the grant
 * must be sealed to the key derived from the recipient's own private key (a swapped public key is detected here),
 * signed by the sharer's key as the recipient first saw it (pinned), and the sharer must still hold the rights
 * they passed on. Any failure answers as if the grant did not exist or as an integrity error; nothing is served.
 */
export class GrantOpener {
  constructor(private readonly files: FilesDeps) {}

  private get repos(): Repositories {
    return this.files.store.repos;
  }

  async open(auth: AuthContext, grantId: string, now = Date.now()): Promise<{ grant: ShareRow; chain: GrantKeyChain }> {
    const grant = await this.repos.shares.findById(grantId);
    if (!grant || grant.recipient_id !== auth.userId) throw new CofferError('share.not_found');
    if (grant.expires_at !== null && grant.expires_at <= now) throw new CofferError('share.expired');
    const me = await callerAccount(this.repos, auth);
    const myPrivate = privateKeyOf(auth, me, 'x25519');
    if (!verifiersEqual(x25519PublicKey(myPrivate), grant.recipient_public)) {
      throw new IntegrityError('share grant: it is sealed to a public key that is not yours (the published key was substituted)');
    }
    const sharer = await this.repos.users.findById(grant.sharer_id);
    if (!sharer) throw new CofferError('share.not_found');
    await this.checkSharerPin(me, sharer);
    if (!verifyGrant(sharer.ed25519_public, grantFields(grant), grant.signature)) throw new IntegrityError('share grant signature');
    const node = await this.repos.nodes.findById(grant.node_id);
    if (!node || node.owner_id !== grant.owner_id || node.kind !== grant.node_type || (await isTrashedOrGone(this.repos, node))) {
      throw new CofferError('share.not_found');
    }
    if (grant.sharer_id !== grant.owner_id) {
      const held = await coveringGrant(this.repos, grant.sharer_id, node, now);
      if (!held || (grant.permission === 'write' && held.permission !== 'write')) throw new CofferError('share.not_found');
    }
    const key = openFromRecipient(myPrivate, grant.key_sealed);
    const name = openSharedName(key, grant.name_sealed, node.id, grant.id);
    return { grant, chain: new GrantKeyChain(this.repos, auth, this.files.passphraseLimiter, { root: node, key, name }) };
  }

  /** Trust on first use of the sharer's signing key, until the ledger publishes keys. */
  private async checkSharerPin(me: UserRow, sharer: UserRow): Promise<void> {
    if (sharer.id === me.id) return;
    const pin = await this.repos.shares.findPin(me.id, sharer.id);
    if (!pin) {
      await this.repos.shares
        .insertPin({
          pinner_id: me.id,
          subject_id: sharer.id,
          x25519_public: sharer.x25519_public,
          ed25519_public: sharer.ed25519_public,
          created_at: Date.now(),
        })
        .catch(() => undefined); // a parallel first open pinned it already
      return;
    }
    if (!verifiersEqual(pin.ed25519_public, sharer.ed25519_public)) throw new CofferError('share.sharer_key_changed');
  }
}
