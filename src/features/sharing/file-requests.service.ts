import { CofferError, newId } from '../../domain/index.js';
import { derivePasswordSecrets, newPasswordKdfParams, passwordVerifier, randomKey, secretVerifier } from '../../crypto/index.js';
import type { FileRequestRow, Repositories } from '../../db/index.js';
import type { AuthContext } from '../auth/index.js';
import type { FilesDeps } from '../files/index.js';
import { serializeKdf } from '../keyring/index.js';

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
 * File requests, on the owner's side: create, list and revoke upload-only links into a folder. A drop arrives sealed
 * to the owner's X25519 key (the server has no session of the owner then); `DropAdoptionService` adopts it later.
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
