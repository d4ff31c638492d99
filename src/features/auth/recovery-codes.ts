import { randomBytesOf, secretVerifier } from '../../crypto/index.js';

export const recoveryCodeCount = 10;
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A recovery code: 16 Crockford base32 symbols (80 random bits) in four groups, e.g. `7K2M-QX9P-...`. */
export function newRecoveryCode(): string {
  const bytes = randomBytesOf(16);
  let out = '';
  for (const byte of bytes) out += alphabet[byte & 31];
  return out.match(/.{4}/g)!.join('-');
}

/** Case, spaces and dashes do not matter when a person types a code back. */
export function normalizeRecoveryCode(text: string): string {
  return text
    .replace(/[\s-]+/g, '')
    .toUpperCase()
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
}

/** SHA-256 of label ‖ user id ‖ normalized code: 80 random bits need no password hash. */
export function recoveryCodeHash(userId: string, code: string): Buffer {
  return secretVerifier(Buffer.from(`${userId}:${normalizeRecoveryCode(code)}`, 'utf8'), 'coffer/v1/recovery-code');
}
