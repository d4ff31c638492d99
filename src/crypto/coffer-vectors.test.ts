import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../domain/index.js';
import {
  MessageDecryptor,
  decodeRecoveryKey,
  decryptMessage,
  deriveChunkKeys,
  derivePasswordSecrets,
  deriveSubkey,
  encodeRecoveryKey,
  encryptMessage,
  leafHash,
  merkleRoot,
  nameLookupHash,
  openName,
  passwordVerifier,
  secretKek,
  secretVerifier,
  sha256,
  unwrapKey,
  type WrapContext,
} from './index.js';
import { wrapAad, wrapKeyWithNonceForTest } from './key-wrap.js';
import { nameAad, sealNameWithNonceForTest } from './names.js';
import { repoRoot } from './test-vectors.js';

/** Coffer's own vectors live in the repository (test/vectors/coffer-v1.json), so they are never optional. */
const file = path.join(repoRoot, 'test', 'vectors', 'coffer-v1.json');

interface Vectors {
  cobblestone: {
    comment: string;
    inputKey: string;
    salt: string;
    context: string;
    aeadKey: string;
    baseNonce: string;
    commitment: string;
    messageLength: number;
    message?: string;
    messagePattern?: string;
    messageSha256?: string;
    ciphertext: string;
  }[];
  keyWrap: { comment: string; wrappingKey: string; key: string; context: WrapContext; nonce: string; aad: string; wrapped: string }[];
  sealedName: {
    comment: string;
    folderKey: string;
    name: string;
    nameUtf8: string;
    nodeId: string;
    parentId: string;
    nonce: string;
    aad: string;
    sealed: string;
  }[];
  nameLookupHash: { comment: string; folderKey: string; name: string; nfcUtf8: string; hash: string }[];
  password: {
    comment: string;
    password: string;
    passwordNfcUtf8: string;
    memoryKiB: number;
    iterations: number;
    parallelism: number;
    salt: string;
    authKey: string;
    kek: string;
    verifier: string;
  }[];
  subkeys: { key: string; label: string; subkey: string }[];
  secrets: { comment: string; secret: string; verifierLabel: string; verifier: string; kekLabel: string; kek: string }[];
  recoveryKey: { key: string; text: string }[];
  merkle: { comment: string; entries: string[]; leafHashes: string[]; root: string }[];
}

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

describe('Coffer v1 vectors (test/vectors/coffer-v1.json)', () => {
  it('the vector file exists', () => {
    expect(existsSync(file), `${file} is missing: run npx tsx scripts/generate-vectors.ts`).toBe(true);
  });
  const v = JSON.parse(readFileSync(file, 'utf8')) as Vectors;

  it('has every section', () => {
    for (const section of ['cobblestone', 'keyWrap', 'sealedName', 'nameLookupHash', 'password', 'subkeys', 'secrets', 'recoveryKey', 'merkle'] as const) {
      expect(v[section].length, section).toBeGreaterThan(0);
    }
  });

  for (const c of v.cobblestone) {
    it(`cobblestone: ${c.comment}`, () => {
      const message = c.message !== undefined ? hex(c.message) : Buffer.from(Array.from({ length: c.messageLength }, (_, i) => i % 251));
      expect(message.length).toBe(c.messageLength);
      if (c.messageSha256 !== undefined) expect(sha256(message).toString('hex')).toBe(c.messageSha256);
      const keys = deriveChunkKeys(hex(c.inputKey), hex(c.salt), hex(c.context));
      expect(keys.aeadKey.toString('hex')).toBe(c.aeadKey);
      expect(keys.baseNonce.toString('hex')).toBe(c.baseNonce);
      expect(keys.commitment.toString('hex')).toBe(c.commitment);
      const ct = hex(c.ciphertext);
      expect(encryptMessage(hex(c.inputKey), hex(c.context), message, hex(c.salt)).equals(ct)).toBe(true);
      expect(decryptMessage(hex(c.inputKey), hex(c.context), ct).equals(message)).toBe(true);
      const d = new MessageDecryptor(hex(c.inputKey), hex(c.context));
      expect(Buffer.concat([...d.push(ct), d.finish()]).equals(message)).toBe(true);
      expect(() => decryptMessage(hex(c.inputKey), Buffer.concat([hex(c.context), Buffer.from([0])]), ct)).toThrow(IntegrityError);
    });
  }

  for (const w of v.keyWrap) {
    it(`key wrap: ${w.comment}`, () => {
      expect(wrapAad(w.context).toString('hex')).toBe(w.aad);
      expect(wrapKeyWithNonceForTest(hex(w.wrappingKey), hex(w.key), w.context, hex(w.nonce)).toString('hex')).toBe(w.wrapped);
      expect(unwrapKey(hex(w.wrappingKey), hex(w.wrapped), w.context).toString('hex')).toBe(w.key);
    });
  }

  for (const n of v.sealedName) {
    it(`sealed name: ${n.comment}`, () => {
      expect(Buffer.from(n.name, 'utf8').toString('hex')).toBe(n.nameUtf8);
      expect(nameAad(n.nodeId, n.parentId).toString('hex')).toBe(n.aad);
      expect(sealNameWithNonceForTest(hex(n.folderKey), n.name, n.nodeId, n.parentId, hex(n.nonce)).toString('hex')).toBe(n.sealed);
      expect(openName(hex(n.folderKey), hex(n.sealed), n.nodeId, n.parentId)).toBe(n.name);
    });
  }

  for (const h of v.nameLookupHash) {
    it(`name lookup hash: ${h.comment}`, () => {
      expect(Buffer.from(h.name.normalize('NFC'), 'utf8').toString('hex')).toBe(h.nfcUtf8);
      expect(nameLookupHash(hex(h.folderKey), h.name).toString('hex')).toBe(h.hash);
    });
  }

  for (const p of v.password) {
    it(`password: ${p.comment}`, async () => {
      const secrets = await derivePasswordSecrets(p.password, {
        memoryKiB: p.memoryKiB,
        iterations: p.iterations,
        parallelism: p.parallelism,
        salt: hex(p.salt),
      });
      expect(secrets.authKey.toString('hex')).toBe(p.authKey);
      expect(secrets.kek.toString('hex')).toBe(p.kek);
      expect(passwordVerifier(secrets.authKey).toString('hex')).toBe(p.verifier);
    });
  }

  it('subkeys', () => {
    for (const s of v.subkeys) expect(deriveSubkey(hex(s.key), s.label).toString('hex'), s.label).toBe(s.subkey);
  });

  it('secret verifiers and keks', () => {
    for (const s of v.secrets) {
      expect(secretVerifier(hex(s.secret), s.verifierLabel).toString('hex')).toBe(s.verifier);
      expect(secretKek(hex(s.secret), s.kekLabel).toString('hex')).toBe(s.kek);
    }
  });

  it('recovery key text', () => {
    for (const r of v.recoveryKey) {
      expect(encodeRecoveryKey(hex(r.key))).toBe(r.text);
      expect(decodeRecoveryKey(r.text).toString('hex')).toBe(r.key);
    }
  });

  it('merkle roots', () => {
    for (const m of v.merkle) {
      const entries = m.entries.map(hex);
      expect(entries.map((e) => leafHash(e).toString('hex'))).toEqual(m.leafHashes);
      expect(merkleRoot(entries).toString('hex')).toBe(m.root);
    }
  });
});
