/**
 * The public API of the crypto layer (docs/crypto-api.md, formats in docs/format.md).
 * Internal helpers and test-only hazmat (nonce/salt injection) are deliberately not exported here.
 */
export { randomKey, randomBytesOf, randomDigits } from './random.js';
export { hkdfExpand, hkdfExtract, deriveSubkey, type HkdfHash } from './hkdf.js';
export {
  chunkSize,
  tagSize,
  saltSize,
  commitmentSize,
  headerSize,
  sealedChunkSize,
  type ChunkKeys,
  deriveChunkKeys,
  checkCommitment,
  sealChunk,
  sealChunkInto,
  openChunk,
  sealedLength,
  ChunkEncryptor,
  ChunkDecryptor,
  encryptMessage,
  decryptMessage,
  MessageDecryptor,
} from './cobblestone.js';
export { type WrapContext, wrapKey, unwrapKey } from './key-wrap.js';
export { sealName, openName, nameLookupHash } from './names.js';
export {
  type PasswordKdfParams,
  defaultPasswordKdf,
  passwordKdfLimits,
  newPasswordKdfParams,
  checkPasswordKdfParams,
  derivePasswordSecrets,
  passwordVerifier,
  verifiersEqual,
} from './password.js';
export { secretVerifier, secretKek, encodeRecoveryKey, decodeRecoveryKey } from './secrets.js';
export {
  leafHash,
  nodeHash,
  merkleRoot,
  inclusionProof,
  verifyInclusion,
  consistencyProof,
  verifyConsistency,
  type RangeHash,
  perfectSubtrees,
  foldSubtrees,
  inclusionProofOver,
  consistencyProofOver,
} from './merkle.js';
export { signNote, openNote, noteKeyId, verifierKey, parseVerifierKey, isValidKeyName } from './signed-note.js';
export { type Checkpoint, formatCheckpoint, parseCheckpoint } from './checkpoint.js';
export { plaintextMacKey, PlaintextMac } from './plaintext-mac.js';
export { generateX25519, generateEd25519, ed25519PublicKey, sign, verify, x25519PublicKey } from './keypairs.js';
export { sha256 } from './hashing.js';
export { base32Encode, hotp, matchTotp, totpStep, totpDigits, totpStepSeconds } from './totp.js';
export { sealToRecipient, openFromRecipient } from './recipient-seal.js';
export { type GrantFields, grantMessage, signGrant, verifyGrant } from './grant.js';
export { sealUploadTail, openUploadTail } from './staging-tail.js';
