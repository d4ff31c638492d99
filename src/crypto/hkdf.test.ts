import { hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveSubkey, hkdfExpand, hkdfExtract, type HkdfHash } from './index.js';
import { readVectorJson, sharedVectorsDir } from './test-vectors.js';

interface HkdfCase {
  tcId: number;
  comment: string;
  flags: string[];
  ikm: string;
  salt: string;
  info: string;
  size: number;
  okm: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface HkdfFile {
  algorithm: string;
  testGroups: { keySize: number; tests: HkdfCase[] }[];
}

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const vectorsDir = sharedVectorsDir('HKDF');

for (const [hash, fileName, algorithm] of [
  ['sha256', 'hkdf_sha256_test.json', 'HKDF-SHA-256'],
  ['sha512', 'hkdf_sha512_test.json', 'HKDF-SHA-512'],
] as const) {
  describe.skipIf(vectorsDir === null)(`Wycheproof ${fileName}`, () => {
    const file = vectorsDir === null ? undefined : readVectorJson<HkdfFile>(vectorsDir, 'wycheproof', fileName);
    const cases = file?.testGroups.flatMap((g) => g.tests) ?? [];

    it('is the expected file', () => {
      expect(file!.algorithm).toBe(algorithm);
      expect(cases.length).toBeGreaterThan(50);
    });

    for (const t of cases) {
      it(`tc ${t.tcId} ${t.result} ${t.flags.join(',')} ${t.comment}`, () => {
        const run = (): Buffer => hkdfExpand(hash as HkdfHash, hkdfExtract(hash, hex(t.salt), hex(t.ikm)), hex(t.info), t.size);
        if (t.result === 'invalid') {
          expect(run).toThrow(RangeError);
        } else {
          expect(run().toString('hex')).toBe(t.okm);
        }
      });
    }
  });
}

describe('HKDF without vectors', () => {
  it('RFC 5869 test case 1 (SHA-256)', () => {
    const prk = hkdfExtract('sha256', hex('000102030405060708090a0b0c'), hex('0b'.repeat(22)));
    expect(prk.toString('hex')).toBe('077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5');
    expect(hkdfExpand('sha256', prk, hex('f0f1f2f3f4f5f6f7f8f9'), 42).toString('hex')).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });

  it('agrees with node hkdfSync for extract+expand, and allows the maximum length only', () => {
    for (const hash of ['sha256', 'sha512'] as const) {
      const max = hash === 'sha256' ? 255 * 32 : 255 * 64;
      const ikm = Buffer.from('input key material');
      const ours = hkdfExpand(hash, hkdfExtract(hash, Buffer.from('salt'), ikm), Buffer.from('info'), max);
      expect(ours.equals(Buffer.from(hkdfSync(hash, ikm, 'salt', 'info', max)))).toBe(true);
      expect(() => hkdfExpand(hash, ours.subarray(0, 32), Buffer.alloc(0), max + 1)).toThrow(RangeError);
      expect(hkdfExpand(hash, ours.subarray(0, 32), Buffer.alloc(0), 0).length).toBe(0);
    }
    expect(() => hkdfExpand('sha256', Buffer.alloc(32), Buffer.alloc(0), -1)).toThrow(RangeError);
    expect(() => hkdfExpand('md5' as HkdfHash, Buffer.alloc(32), Buffer.alloc(0), 1)).toThrow(TypeError);
  });

  it('deriveSubkey = HKDF-SHA-256(salt = empty, ikm = key, info = label)', () => {
    const key = Buffer.alloc(32, 7);
    const expected = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'coffer/v1/wrap', 32));
    expect(deriveSubkey(key, 'coffer/v1/wrap').equals(expected)).toBe(true);
    expect(deriveSubkey(key, 'coffer/v1/wrap', 64).subarray(0, 32).equals(expected)).toBe(true);
    expect(deriveSubkey(key, 'coffer/v1/name').equals(expected)).toBe(false);
  });

  it('deriveSubkey rejects labels outside coffer/v1/ and short keys', () => {
    const key = Buffer.alloc(32, 7);
    expect(() => deriveSubkey(key, 'wrap')).toThrow(TypeError);
    expect(() => deriveSubkey(key, 'coffer/v1/')).toThrow(TypeError);
    expect(() => deriveSubkey(key, 'coffer/v1/caf\u00e9')).toThrow(TypeError);
    expect(() => deriveSubkey(Buffer.alloc(15), 'coffer/v1/wrap')).toThrow(RangeError);
  });
});
