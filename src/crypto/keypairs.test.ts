import { describe, expect, it } from 'vitest';
import { generateEd25519, generateX25519, sign, verify } from './index.js';
import { x25519, x25519PublicKey } from './keypairs.js';
import { readVectorJson, sharedVectorsDir } from './test-vectors.js';

interface EddsaFile {
  testGroups: { publicKey: { pk: string }; tests: { tcId: number; comment: string; msg: string; sig: string; result: string; flags: string[] }[] }[];
}
interface XdhFile {
  testGroups: { curve: string; tests: { tcId: number; comment: string; public: string; private: string; shared: string; result: string; flags: string[] }[] }[];
}

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const vectorsDir = sharedVectorsDir('Ed25519 / X25519');

describe.skipIf(vectorsDir === null)('Wycheproof ed25519_test.json', () => {
  const file = vectorsDir === null ? undefined : readVectorJson<EddsaFile>(vectorsDir, 'wycheproof', 'ed25519_test.json');
  const cases = (file?.testGroups ?? []).flatMap((g) => g.tests.map((t) => ({ ...t, pk: g.publicKey.pk })));
  it('has cases', () => expect(cases.length).toBeGreaterThan(100));
  it('verify() accepts exactly the valid signatures', () => {
    for (const t of cases) {
      const ok = verify(hex(t.pk), hex(t.msg), hex(t.sig));
      expect({ tcId: t.tcId, ok }).toEqual({ tcId: t.tcId, ok: t.result === 'valid' });
    }
  });
});

describe.skipIf(vectorsDir === null)('Wycheproof x25519_test.json', () => {
  const file = vectorsDir === null ? undefined : readVectorJson<XdhFile>(vectorsDir, 'wycheproof', 'x25519_test.json');
  const cases = (file?.testGroups ?? []).flatMap((g) => g.tests);
  it('has cases', () => expect(cases.length).toBeGreaterThan(500));
  it('x25519() computes every valid shared secret; acceptable cases either match or are refused', () => {
    for (const t of cases) {
      let shared: string | undefined;
      try {
        shared = x25519(hex(t.private), hex(t.public)).toString('hex');
      } catch {
        shared = undefined;
      }
      if (t.result === 'valid') expect({ tcId: t.tcId, shared }).toEqual({ tcId: t.tcId, shared: t.shared });
      else if (shared !== undefined) expect({ tcId: t.tcId, shared }).toEqual({ tcId: t.tcId, shared: t.shared });
      // A zero shared secret (low-order public key) must never come out.
      if (t.flags.includes('ZeroSharedSecret')) expect(shared).toBeUndefined();
    }
  });
});

describe('key pairs without vectors', () => {
  it('RFC 8032 test 1: signing with the seed gives the published signature', () => {
    const seed = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const pub = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const sig = sign(seed, Buffer.alloc(0));
    expect(sig.toString('hex')).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    expect(verify(pub, Buffer.alloc(0), sig)).toBe(true);
  });

  it('generated key pairs are raw 32-byte strings that work', () => {
    const ed = generateEd25519();
    expect(ed.publicKey.length).toBe(32);
    expect(ed.privateKey.length).toBe(32);
    const msg = Buffer.from('message');
    const sig = sign(ed.privateKey, msg);
    expect(sig.length).toBe(64);
    expect(verify(ed.publicKey, msg, sig)).toBe(true);
    expect(verify(ed.publicKey, Buffer.from('other'), sig)).toBe(false);
    expect(verify(ed.publicKey.subarray(1), msg, sig)).toBe(false);
    expect(verify(ed.publicKey, msg, sig.subarray(1))).toBe(false);

    const a = generateX25519();
    const b = generateX25519();
    expect(a.publicKey.length).toBe(32);
    expect(a.privateKey.length).toBe(32);
    expect(x25519PublicKey(a.privateKey).equals(a.publicKey)).toBe(true);
    expect(x25519(a.privateKey, b.publicKey).equals(x25519(b.privateKey, a.publicKey))).toBe(true);
  });
});
