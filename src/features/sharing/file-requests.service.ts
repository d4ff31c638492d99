import { CofferError, IntegrityError, newId, normalizeName } from '../../domain/index.js';
import {
  derivePasswordSecrets,
  nameLookupHash,
  newPasswordKdfParams,
  openFromRecipient,
  passwordVerifier,
  randomKey,
  sealName,
  secretVerifier,
  wrapKey,
} from '../../crypto/index.js';
import type { FileRequestRow, Repositories } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { FilesDeps } from '../files/index.js';
import { serializeKdf, wrapContexts } from '../keyring/index.js';
import { callerAccount, privateKeyOf } from './account-private-keys.js';
import { dropKeyLength } from './drop-payload.js';

export const requestTokenLabel = 'coffer/v1/request-token';

export interface FileRequestView {
  readonly id: string;
  readonly folderId: string;
  readonly hasPassword: boolean;
  readonly expiresAt: number | null;
  readonly revokedAt: number | null;
  readonly createdAt: number;
}

/**
 * File requests, on the owner's side: create, list and revoke upload-only links into a folder, and adopt what was
 * dropped. A drop arrives sealed to the owner's X25519 key (the server has no session of the owner then); adopting
 * opens it with the owner's session and wraps the key and seals the name under the folder key, like any upload.
 */
export class FileRequestsService {
  constructor(private readonly files: FilesDeps) {}

  private get repos(): Repositories {
    return this.files.store.repos;
  }

  async create(auth: AuthContext, request: { folderId: string; password?: string | undefined; expiresAt?: number | null | undefined }) {
    const chain = this.files.keyChain(auth);
    await chain.liveFolder(request.folderId);
    if (request.expiresAt != null && request.expiresAt <= Date.now()) throw new CofferError('request.invalid', 'The expiry must be in the future.');
    const token = randomKey();
    let passwordKdf: string | null = null;
    let passwordCheck: Buffer | null = null;
    if (request.password) {
      const params = newPasswordKdfParams();
      passwordCheck = passwordVerifier((await derivePasswordSecrets(request.password, params)).authKey);
      passwordKdf = serializeKdf(params);
    }
    const row: FileRequestRow = {
      id: newId(),
      folder_id: request.folderId,
      owner_id: auth.userId,
      token_verifier: secretVerifier(token, requestTokenLabel),
      password_kdf: passwordKdf,
      password_verifier: passwordCheck,
      expires_at: request.expiresAt ?? null,
      revoked_at: null,
      created_at: Date.now(),
    };
    await this.repos.fileRequests.insert(row);
    return { request: requestViewOf(row), token };
  }

  async list(auth: AuthContext): Promise<FileRequestView[]> {
    return (await this.repos.fileRequests.listForOwner(auth.userId)).map(requestViewOf);
  }

  async revoke(auth: AuthContext, id: string): Promise<void> {
    const row = await this.repos.fileRequests.findById(id);
    if (!row || row.owner_id !== auth.userId) throw new CofferError('request.not_found');
    if (row.revoked_at === null) await this.repos.fileRequests.revoke(id, Date.now());
  }

  /** Re-wraps every pending drop under its folder key; a name already taken gets a " (n)" suffix. Returns how many. */
  async adopt(auth: AuthContext): Promise<number> {
    const drops = await this.repos.fileRequests.listSealedDrops(auth.userId);
    if (drops.length === 0) return 0;
    const me = await callerAccount(this.repos, auth);
    const myPrivate = privateKeyOf(auth, me, 'x25519');
    const chain = this.files.keyChain(auth);
    let adopted = 0;
    for (const drop of drops) {
      if (drop.parent_id === null) continue;
      const payload = openFromRecipient(myPrivate, drop.key_wrapped);
      if (payload.length <= dropKeyLength) throw new IntegrityError('dropped file payload');
      const dataKey = payload.subarray(0, dropKeyLength);
      const wanted = normalizeName(new TextDecoder('utf-8', { fatal: true }).decode(payload.subarray(dropKeyLength)));
      const parent = await chain.node(drop.parent_id);
      const folderKey = await chain.folderKey(parent);
      for (let n = 1; ; n++) {
        const name = n === 1 ? wanted : withSuffix(wanted, n);
        const hash = nameLookupHash(folderKey, name);
        if (await this.repos.nodes.findLiveChildByNameHash(parent.id, hash)) continue;
        await this.repos.nodes.update(drop.id, {
          key_protection: 'account',
          key_wrapped: wrapKey(folderKey, dataKey, wrapContexts.file(drop.id, parent.id)),
          name_sealed: sealName(folderKey, name, drop.id, parent.id),
          name_hash: hash,
        });
        adopted++;
        break;
      }
    }
    return adopted;
  }
}

function withSuffix(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

export function requestViewOf(row: FileRequestRow): FileRequestView {
  return {
    id: row.id,
    folderId: row.folder_id,
    hasPassword: row.password_verifier !== null,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}
