import { describe, expect, it } from 'vitest';
import { base32Encode, hotp, matchTotp, totpStep } from './totp.js';

// RFC 6238 Appendix B (SHA-1 secret "12345678901234567890"), last six of the eight published digits.
const secret = Buffer.from('12345678901234567890', 'ascii');
const vectors: [number, string][] = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
  [20000000000, '353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(vectors)('matches the RFC vector at T=%i', (seconds, code) => {
    expect(hotp(secret, totpStep(seconds * 1000))).toBe(code);
  });

  it('accepts one step of drift either way and nothing beyond, and says which step matched', () => {
    const now = 1111111111 * 1000;
    const step = totpStep(now);
    expect(matchTotp(secret, hotp(secret, step - 1), now)).toBe(step - 1);
    expect(matchTotp(secret, hotp(secret, step + 1), now)).toBe(step + 1);
    expect(matchTotp(secret, hotp(secret, step + 2), now)).toBeUndefined();
    expect(matchTotp(secret, '12345', now)).toBeUndefined();
    expect(matchTotp(secret, '12345a', now)).toBeUndefined();
  });

  it('encodes base32 as RFC 4648 without padding', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Encode(Buffer.from('f'))).toBe('MY');
  });
});
