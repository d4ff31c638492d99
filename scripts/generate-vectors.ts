/**
 * Writes test/vectors/coffer-v1.json: Coffer's own deterministic test vectors for every primitive format in
 * docs/format.md. Run with `npx tsx scripts/generate-vectors.ts`. The output is committed; src/crypto/coffer-vectors.test.ts
 * checks that the implementation still reproduces (and opens) every vector, so a format change cannot slip in unnoticed.
 *
 * Fixed keys, salts and nonces are used so the output is reproducible. Nonce injection goes through the internal
 * `...ForTest` hazmat functions, which are not exported from src/crypto/index.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeId } from '../src/domain/ids.js';
import {
  defaultPasswordKdf,
  deriveChunkKeys,
  deriveSubkey,
  derivePasswordSecrets,
  encodeRecoveryKey,
  encryptMessage,
  leafHash,
  merkleRoot,
  nameLookupHash,
  passwordVerifier,
  secretKek,
  secretVerifier,
  sha256,
  type WrapContext,
} from '../src/crypto/index.js';
import { wrapAad, wrapKeyWithNonceForTest } from '../src/crypto/key-wrap.js';
import { nameAad, sealNameWithNonceForTest } from '../src/crypto/names.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outFile = path.join(repoRoot, 'test', 'vectors', 'coffer-v1.json');

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** n bytes counting up from `start` (mod 256). */
const counting = (start: number, n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => (start + i) & 0xff));
/** n bytes of a fixed pattern: byte i = i mod 251. */
const pattern = (n: number): Buffer => Buffer.from(Array.from({ length: n }, (_, i) => i % 251));
const id = (start: number): string => encodeId(counting(start, 16));

/**
 * A Coffer-style Cobblestone context: "coffer/v1/content" || u16be(len) || fileId || u16be(len) || versionId.
 * Built here independently (the crypto layer does not define it); the authoritative definition is the
 * "Content encryption and storage objects" section of docs/format.md.
 */
function exampleContext(fileId: string, versionId: string): Buffer {
  const field = (s: string): Buffer => Buffer.concat([Buffer.from([0, s.length]), Buffer.from(s, 'latin1')]);
  return Buffer.concat([Buffer.from('coffer/v1/content', 'latin1'), field(fileId), field(versionId)]);
}

async function main(): Promise<void> {
  const fileId = id(0x10);
  const versionId = id(0x20);
  const folderId = id(0x30);
  const parentId = id(0x40);
  const userId = id(0x50);

  const cobblestone = [
    {
      comment: 'short message, Coffer-style context',
      inputKey: counting(0x00, 32),
      salt: counting(0x80, 24),
      message: Buffer.from('Hello, Coffer!\n', 'utf8'),
    },
    { comment: 'empty message (one empty final chunk)', inputKey: counting(0x00, 32), salt: counting(0x98, 24), message: Buffer.alloc(0) },
    { comment: 'two full chunks and a short final chunk', inputKey: counting(0x20, 32), salt: counting(0xc8, 24), message: pattern(2 * 16384 + 100) },
  ].map((v) => {
    const context = exampleContext(fileId, versionId);
    const keys = deriveChunkKeys(v.inputKey, v.salt, context);
    return {
      comment: v.comment,
      inputKey: hex(v.inputKey),
      salt: hex(v.salt),
      context: hex(context),
      contextNote: 'Coffer-style: "coffer/v1/content" || u16be(len) || fileId || u16be(len) || versionId (see docs/format.md, Content section)',
      aeadKey: hex(keys.aeadKey),
      baseNonce: hex(keys.baseNonce),
      commitment: hex(keys.commitment),
      messageLength: v.message.length,
      // Long messages are given as a pattern to keep this file small: byte i = i mod 251.
      ...(v.message.length <= 64 ? { message: hex(v.message) } : { messagePattern: 'i mod 251', messageSha256: hex(sha256(v.message)) }),
      ciphertext: hex(encryptMessage(v.inputKey, context, v.message, v.salt)),
    };
  });

  const wrapCases: { comment: string; wrappingKey: Buffer; key: Buffer; context: WrapContext; nonce: Buffer }[] = [
    {
      comment: 'folder key wrapped by the parent folder key',
      wrappingKey: counting(0x60, 32),
      key: counting(0xa0, 32),
      context: { keyType: 'folder', keyId: folderId, wrappingKeyType: 'folder', wrappingKeyId: parentId },
      nonce: counting(0xf0, 12),
    },
    {
      comment: 'account key wrapped by the password kek',
      wrappingKey: counting(0x61, 32),
      key: counting(0xa1, 32),
      context: { keyType: 'account', keyId: userId, wrappingKeyType: 'password', wrappingKeyId: userId },
      nonce: counting(0xe0, 12),
    },
  ];
  const keyWrap = wrapCases.map((v) => ({
    comment: v.comment,
    wrappingKey: hex(v.wrappingKey),
    key: hex(v.key),
    context: v.context,
    nonce: hex(v.nonce),
    aad: hex(wrapAad(v.context)),
    wrapped: hex(wrapKeyWithNonceForTest(v.wrappingKey, v.key, v.context, v.nonce)),
  }));

  const nameCases = [
    { comment: 'ASCII name', folderKey: counting(0x70, 32), name: 'Quarterly report.pdf', nodeId: fileId, parentId: folderId, nonce: counting(0x10, 12) },
    {
      comment: 'non-ASCII NFC name',
      folderKey: counting(0x70, 32),
      name: 'Caf\u00e9 \u2013 menu \u{1f37d}.txt',
      nodeId: versionId,
      parentId: folderId,
      nonce: counting(0x1c, 12),
    },
    {
      comment: 'node without a parent (parentId = "")',
      folderKey: counting(0x71, 32),
      name: 'My files',
      nodeId: folderId,
      parentId: '',
      nonce: counting(0x28, 12),
    },
  ];
  const sealedName = nameCases.map((v) => ({
    comment: v.comment,
    folderKey: hex(v.folderKey),
    name: v.name,
    nameUtf8: hex(Buffer.from(v.name, 'utf8')),
    nodeId: v.nodeId,
    parentId: v.parentId,
    nonce: hex(v.nonce),
    aad: hex(nameAad(v.nodeId, v.parentId)),
    sealed: hex(sealNameWithNonceForTest(v.folderKey, v.name, v.nodeId, v.parentId, v.nonce)),
  }));

  const lookupCases = [
    { comment: 'ASCII name', folderKey: counting(0x70, 32), name: 'Quarterly report.pdf' },
    { comment: 'NFC input', folderKey: counting(0x70, 32), name: 'Caf\u00e9.txt' },
    { comment: 'NFD input hashes like its NFC form', folderKey: counting(0x70, 32), name: 'Cafe\u0301.txt' },
  ];
  const nameLookup = lookupCases.map((v) => ({
    comment: v.comment,
    folderKey: hex(v.folderKey),
    name: v.name,
    nfcUtf8: hex(Buffer.from(v.name.normalize('NFC'), 'utf8')),
    hash: hex(nameLookupHash(v.folderKey, v.name)),
  }));

  const passwordCases = [
    { comment: 'ASCII password, default parameters', password: 'correct horse battery staple', salt: counting(0x00, 16) },
    { comment: 'NFD password is NFC-normalized first (same secrets as its NFC form)', password: 'pa\u0308ssw\u00f6rd-\u65e5\u672c', salt: counting(0x10, 16) },
  ];
  const password = [];
  for (const v of passwordCases) {
    const params = { ...defaultPasswordKdf, salt: v.salt };
    const secrets = await derivePasswordSecrets(v.password, params);
    password.push({
      comment: v.comment,
      password: v.password,
      passwordNfcUtf8: hex(Buffer.from(v.password.normalize('NFC'), 'utf8')),
      memoryKiB: params.memoryKiB,
      iterations: params.iterations,
      parallelism: params.parallelism,
      salt: hex(v.salt),
      authKey: hex(secrets.authKey),
      kek: hex(secrets.kek),
      verifier: hex(passwordVerifier(secrets.authKey)),
    });
  }

  const subkeyLabels = ['coffer/v1/wrap', 'coffer/v1/name', 'coffer/v1/name-hash', 'coffer/v1/password-auth', 'coffer/v1/password-kek'];
  const subkeys = subkeyLabels.map((label) => ({ key: hex(counting(0x00, 32)), label, subkey: hex(deriveSubkey(counting(0x00, 32), label)) }));

  const secretValue = counting(0x33, 32);
  const secrets = [
    {
      comment: 'a session secret',
      secret: hex(secretValue),
      verifierLabel: 'coffer/v1/session-verifier',
      verifier: hex(secretVerifier(secretValue, 'coffer/v1/session-verifier')),
      kekLabel: 'coffer/v1/session-kek',
      kek: hex(secretKek(secretValue, 'coffer/v1/session-kek')),
    },
  ];

  const recoveryKey = [counting(0x00, 32), Buffer.alloc(32, 0xff), sha256(Buffer.from('coffer recovery key vector'))].map((key) => ({
    key: hex(key),
    text: encodeRecoveryKey(key),
  }));

  const objectHashes = [1, 2, 3].map((i) => sha256(Buffer.from(`object ${i}`, 'utf8')));
  const merkle = [
    {
      comment: 'root over 3 object hashes (each entry is a 32-byte SHA-256 of an object)',
      entries: objectHashes.map(hex),
      leafHashes: objectHashes.map((e) => hex(leafHash(e))),
      root: hex(merkleRoot(objectHashes)),
    },
    { comment: 'empty tree', entries: [], leafHashes: [], root: hex(merkleRoot([])) },
  ];

  const vectors = {
    description:
      'Coffer v1 format test vectors (docs/format.md). Generated by scripts/generate-vectors.ts; checked by src/crypto/coffer-vectors.test.ts. All byte strings are lowercase hex.',
    cobblestone,
    keyWrap,
    sealedName,
    nameLookupHash: nameLookup,
    password,
    subkeys,
    secrets,
    recoveryKey,
    merkle,
  };
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(vectors, null, 2) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), outFile)}`);
}

await main();
