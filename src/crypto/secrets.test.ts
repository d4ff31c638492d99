import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeRecoveryKey, deriveSubkey, encodeRecoveryKey, randomKey, secretKek, secretVerifier } from './index.js';

describe('recovery key text', () => {
  it('round-trips random keys; 13 groups of 4 upper-case Crockford symbols', () => {
    for (let i = 0; i < 200; i++) {
      const key = randomKey();
      const text = encodeRecoveryKey(key);
      expect(text).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){12}$/);
      expect(decodeRecoveryKey(text).equals(key)).toBe(true);
    }
  });

  it('known encodings', () => {
    expect(encodeRecoveryKey(Buffer.alloc(32))).toBe(Array(13).fill('0000').join('-'));
    expect(encodeRecoveryKey(Buffer.alloc(32, 0xff))).toBe(Array(12).fill('ZZZZ').join('-') + '-ZZZG');
  });

  it('is tolerant of case, spaces, dashes and I/L/O look-alikes', () => {
    const key = randomKey();
    const text = encodeRecoveryKey(key);
    expect(decodeRecoveryKey(text.toLowerCase()).equals(key)).toBe(true);
    expect(decodeRecoveryKey(text.replace(/-/g, ' ')).equals(key)).toBe(true);
    expect(decodeRecoveryKey(`  ${text.replace(/-/g, '')}\n`).equals(key)).toBe(true);
    expect(decodeRecoveryKey(text.replace(/-/g, '').replace(/(.{13})/g, '$1 - ')).equals(key)).toBe(true);
    const confusable = text.replace(/1/g, () => 'l').replace(/0/g, 'O');
    expect(decodeRecoveryKey(confusable).equals(key)).toBe(true);
    expect(decodeRecoveryKey(text.replace(/1/g, 'I')).equals(key)).toBe(true);
  });

  it('rejects bad length, bad characters and non-zero padding, without echoing the input', () => {
    const text = encodeRecoveryKey(randomKey());
    expect(() => decodeRecoveryKey(text.slice(0, -1))).toThrow(Error);
    expect(() => decodeRecoveryKey(text + 'A')).toThrow(Error);
    expect(() => decodeRecoveryKey('U' + text.slice(1))).toThrow(/invalid character at position 1/);
    expect(() => decodeRecoveryKey('*' + text.slice(1))).toThrow(Error);
    // The last symbol carries 1 data bit and 4 padding bits: 'G' (10000) is fine, '1' (00001) is not.
    expect(() => decodeRecoveryKey(text.slice(0, -1) + '1')).toThrow(/last character/);
    try {
      decodeRecoveryKey(text.slice(0, -1));
    } catch (err) {
      expect((err as Error).message).not.toContain(text.slice(0, 8));
    }
    expect(() => encodeRecoveryKey(Buffer.alloc(31))).toThrow(RangeError);
  });
});

describe('secret verifiers and keks', () => {
  it('secretVerifier = SHA-256(label || secret); secretKek = deriveSubkey(secret, label)', () => {
    const secret = randomKey();
    const label = 'coffer/v1/session';
    expect(secretVerifier(secret, label).equals(createHash('sha256').update(label).update(secret).digest())).toBe(true);
    expect(secretKek(secret, label).equals(deriveSubkey(secret, label))).toBe(true);
    expect(secretVerifier(secret, label).equals(secretKek(secret, label))).toBe(false);
    expect(secretVerifier(secret, 'coffer/v1/recovery').equals(secretVerifier(secret, label))).toBe(false);
  });

  it('refuses short kek secrets and labels outside coffer/v1/', () => {
    expect(() => secretKek(Buffer.alloc(15), 'coffer/v1/session')).toThrow(RangeError);
    // Verifiers are also computed over untrusted presented values: any length works and simply matches nothing.
    expect(secretVerifier(Buffer.alloc(0), 'coffer/v1/session').length).toBe(32);
    expect(() => secretVerifier(randomKey(), 'session')).toThrow(TypeError);
    expect(() => secretKek(randomKey(), '')).toThrow(TypeError);
  });
});
