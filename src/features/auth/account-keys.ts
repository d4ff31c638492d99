import {
  derivePasswordSecrets,
  encodeRecoveryKey,
  generateEd25519,
  generateX25519,
  newPasswordKdfParams,
  passwordVerifier,
  randomKey,
  secretKek,
  wrapKey,
} from '../../crypto/index.js';
import { serializeKdf, wrapContexts } from '../keyring/index.js';

export const recoveryKekLabel = 'coffer/v1/recovery-kek';

/** What the users table stores about a password: the Argon2id parameters and a verifier. */
export interface PasswordRecord {
  readonly kdf: string;
  readonly verifier: Buffer;
  readonly masterKeyWrapped: Buffer;
}

/** Derives fresh password secrets and wraps the master key under the password's key-encryption key. */
export async function protectWithPassword(userId: string, password: string, masterKey: Buffer): Promise<PasswordRecord> {
  const params = newPasswordKdfParams();
  const { authKey, kek } = await derivePasswordSecrets(password, params);
  return {
    kdf: serializeKdf(params),
    verifier: passwordVerifier(authKey),
    masterKeyWrapped: wrapKey(kek, masterKey, wrapContexts.masterByPassword(userId)),
  };
}

export interface NewAccountKeys {
  readonly password: PasswordRecord;
  readonly recoveryKey: string;
  readonly masterKeyByRecovery: Buffer;
  readonly rootFolderKeyWrapped: Buffer;
  readonly x25519Public: Buffer;
  readonly x25519PrivateWrapped: Buffer;
  readonly ed25519Public: Buffer;
  readonly ed25519PrivateWrapped: Buffer;
}

/**
 * All key material of a new account. The master key and the recovery key leave this function only
 * wrapped or encoded for the person; neither is stored in the clear anywhere.
 */
export async function createAccountKeys(userId: string, rootFolderId: string, password: string): Promise<NewAccountKeys> {
  const masterKey = randomKey();
  const recoveryKey = randomKey();
  const x25519 = generateX25519();
  const ed25519 = generateEd25519();
  return {
    password: await protectWithPassword(userId, password, masterKey),
    recoveryKey: encodeRecoveryKey(recoveryKey),
    masterKeyByRecovery: wrapKey(secretKek(recoveryKey, recoveryKekLabel), masterKey, wrapContexts.masterByRecovery(userId)),
    rootFolderKeyWrapped: wrapKey(masterKey, randomKey(), wrapContexts.rootFolder(userId, rootFolderId)),
    x25519Public: x25519.publicKey,
    x25519PrivateWrapped: wrapKey(masterKey, x25519.privateKey, wrapContexts.privateKey(userId, 'x25519')),
    ed25519Public: ed25519.publicKey,
    ed25519PrivateWrapped: wrapKey(masterKey, ed25519.privateKey, wrapContexts.privateKey(userId, 'ed25519')),
  };
}
