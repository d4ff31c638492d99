/**
 * Ids are 128 random bits written in lowercase Crockford base32 (26 characters).
 * They are unguessable, URL-safe and the same in every place they appear, including crypto contexts,
 * where they are bound as their ASCII bytes (docs/format.md).
 */
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
export const idPattern = /^[0-9a-hjkmnp-tv-z]{26}$/;

export function encodeId(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

export function newId(): string {
  // Web Crypto exists in browsers and in Node >= 20 alike, so the domain stays environment-neutral.
  return encodeId(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

export function isId(value: unknown): value is string {
  return typeof value === 'string' && idPattern.test(value);
}
