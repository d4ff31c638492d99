import type { WrapContext } from '../../crypto/index.js';

/**
 * Every key wrap names what it holds and what holds it (docs/format.md, "Key hierarchy").
 * A wrapped key copied into another slot fails to open because its context no longer matches.
 */
export const wrapContexts = {
  masterByPassword: (userId: string): WrapContext => ({ keyType: 'master', keyId: userId, wrappingKeyType: 'password', wrappingKeyId: userId }),
  masterByRecovery: (userId: string): WrapContext => ({ keyType: 'master', keyId: userId, wrappingKeyType: 'recovery', wrappingKeyId: userId }),
  masterBySession: (userId: string, sessionId: string): WrapContext => ({
    keyType: 'master',
    keyId: userId,
    wrappingKeyType: 'session',
    wrappingKeyId: sessionId,
  }),
  /** Between the password step and the second factor; the challenge secret is held only by the client. */
  masterByChallenge: (userId: string, challengeId: string): WrapContext => ({
    keyType: 'master',
    keyId: userId,
    wrappingKeyType: 'sign-in-challenge',
    wrappingKeyId: challengeId,
  }),
  /** Passwordless sign-in: wrapped under a key the client derives from the passkey's PRF output (docs/format.md). */
  masterByPasskey: (userId: string, credentialId: string): WrapContext => ({
    keyType: 'master',
    keyId: userId,
    wrappingKeyType: 'passkey-prf',
    wrappingKeyId: credentialId,
  }),
  /** A TOTP secret sealed under the server's factor key (not the master key: it must be checked before the master key opens). */
  totpSecret: (factorId: string): WrapContext => ({
    keyType: 'totp-secret',
    keyId: factorId,
    wrappingKeyType: 'server-factor-key',
    wrappingKeyId: 'factor.key',
  }),
  privateKey: (userId: string, kind: 'x25519' | 'ed25519'): WrapContext => ({
    keyType: `${kind}-private`,
    keyId: userId,
    wrappingKeyType: 'master',
    wrappingKeyId: userId,
  }),
  rootFolder: (userId: string, folderId: string): WrapContext => ({ keyType: 'folder', keyId: folderId, wrappingKeyType: 'master', wrappingKeyId: userId }),
  folder: (folderId: string, parentId: string): WrapContext => ({ keyType: 'folder', keyId: folderId, wrappingKeyType: 'folder', wrappingKeyId: parentId }),
  file: (fileId: string, parentId: string): WrapContext => ({ keyType: 'file', keyId: fileId, wrappingKeyType: 'folder', wrappingKeyId: parentId }),
  /** A passphrase-protected file's key is wrapped by the passphrase first; that wrap is then wrapped by the folder. */
  filePassphraseOuter: (fileId: string, parentId: string): WrapContext => ({
    keyType: 'file+passphrase',
    keyId: fileId,
    wrappingKeyType: 'folder',
    wrappingKeyId: parentId,
  }),
  filePassphraseInner: (fileId: string): WrapContext => ({ keyType: 'file', keyId: fileId, wrappingKeyType: 'passphrase', wrappingKeyId: fileId }),
  /** The data key of a resumable upload in progress, held by the target folder until the upload commits or expires. */
  uploadData: (uploadId: string, parentId: string): WrapContext => ({
    keyType: 'upload-data',
    keyId: uploadId,
    wrappingKeyType: 'folder',
    wrappingKeyId: parentId,
  }),
} as const;
