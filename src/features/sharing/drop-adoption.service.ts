import { IntegrityError, normalizeName } from '../../domain/index.js';
import { nameLookupHash, openFromRecipient, sealName, wrapKey } from '../../crypto/index.js';
import { isUniqueViolation, type NodeRow, type Repositories } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { FilesDeps, KeyChain, PendingDrops } from '../files/index.js';
import { wrapContexts } from '../keyring/index.js';
import { callerAccount, privateKeyOf } from './account-private-keys.js';
import { dropKeyLength } from './drop-payload.js';

/** At most this many drops are adopted before one folder listing: the listing stays fast however many arrived. */
export const autoAdoptLimit = 20;
const maxSuffix = 10_000;

/**
 * Adoption of file request drops: each drop is opened with the owner's X25519 private key (so only with the owner's
 * session), its data key wrapped under the folder key and its name sealed under it, like any upload. Explicitly
 * (`POST /requests/adopt`), or automatically when the owner lists the folder the drops went to. Idempotent and safe
 * under concurrent requests: a drop changes only while it is still sealed, and the unique name index turns a name
 * taken meanwhile into a retry with the next " (n)" suffix.
 */
export class DropAdoptionService implements PendingDrops {
  constructor(private readonly files: FilesDeps) {}

  private get repos(): Repositories {
    return this.files.store.repos;
  }

  /** Every pending drop of the caller; a damaged drop fails the call. Returns how many this call adopted. */
  async adoptAll(auth: AuthContext): Promise<number> {
    return this.adoptEach(auth, await this.repos.fileRequests.listSealedDrops(auth.userId), false);
  }

  /**
   * Before the owner's listing of a folder: up to `autoAdoptLimit` of its pending drops, oldest first. Never fails the
   * listing (a damaged drop stays pending and shows as damaged); read-only credentials adopt nothing.
   */
  async adoptPendingIn(auth: AuthContext, folderId: string): Promise<void> {
    if (auth.scope === 'read-only') return;
    const drops = await this.repos.fileRequests.listSealedDrops(auth.userId, { parentId: folderId, limit: autoAdoptLimit });
    if (drops.length > 0) await this.adoptEach(auth, drops, true);
  }

  private async adoptEach(auth: AuthContext, drops: readonly NodeRow[], tolerant: boolean): Promise<number> {
    if (drops.length === 0) return 0;
    const me = await callerAccount(this.repos, auth);
    const myPrivate = privateKeyOf(auth, me, 'x25519');
    const chain = this.files.keyChain(auth);
    let adopted = 0;
    for (const drop of drops) {
      try {
        if (await this.adoptOne(chain, myPrivate, drop)) adopted++;
      } catch (err) {
        if (!tolerant) throw err;
      }
    }
    return adopted;
  }

  private async adoptOne(chain: KeyChain, myPrivate: Buffer, drop: NodeRow): Promise<boolean> {
    if (drop.parent_id === null) return false;
    const payload = openFromRecipient(myPrivate, drop.key_wrapped);
    if (payload.length <= dropKeyLength) throw new IntegrityError('dropped file payload');
    const dataKey = payload.subarray(0, dropKeyLength);
    const wanted = normalizeName(new TextDecoder('utf-8', { fatal: true }).decode(payload.subarray(dropKeyLength)));
    const parent = await chain.node(drop.parent_id);
    const folderKey = await chain.folderKey(parent);
    const keyWrapped = wrapKey(folderKey, dataKey, wrapContexts.file(drop.id, parent.id));
    for (let n = 1; n <= maxSuffix; n++) {
      const name = n === 1 ? wanted : withSuffix(wanted, n);
      const hash = nameLookupHash(folderKey, name);
      if (await this.repos.nodes.findLiveChildByNameHash(parent.id, hash)) continue;
      try {
        return await this.repos.fileRequests.adoptDrop(drop.id, {
          key_wrapped: keyWrapped,
          name_sealed: sealName(folderKey, name, drop.id, parent.id),
          name_hash: hash,
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    }
    throw new IntegrityError('a free name for the dropped file');
  }
}

function withSuffix(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}
