import { requireBytes, labelBytes } from './bytes.js';
import { sha256 } from './hashing.js';
import { deriveSubkey } from './hkdf.js';

/**
 * High-entropy client-held secrets (session tokens, recovery keys). These are random, so a plain hash is a safe
 * verifier and HKDF is a safe KDF; no password hashing is needed.
 */
const minSecretBytes = 16;

function checkSecret(secret: Uint8Array): void {
  requireBytes(secret, 'secret');
  if (secret.length < minSecretBytes) throw new RangeError(`a secret must be at least ${minSecretBytes} bytes`);
}

/**
 * SHA-256(label || secret): what the server stores to recognise the secret later.
 * Any length is accepted, because this is also computed over values presented by clients (a short or garbage value
 * simply yields a verifier that matches nothing). Secrets that are *issued* must be 32 random bytes (randomKey()).
 */
export function secretVerifier(secret: Uint8Array, label: string): Buffer {
  requireBytes(secret, 'secret');
  return sha256(Buffer.concat([labelBytes(label), secret]));
}

/** deriveSubkey(secret, label): a key-encryption key derived from the secret (at least 16 bytes; RangeError otherwise). */
export function secretKek(secret: Uint8Array, label: string): Buffer {
  checkSecret(secret);
  return deriveSubkey(secret, label);
}

/*
 * Recovery keys: 32 bytes written as Crockford base32 (alphabet 0-9 A-Z without I L O U), upper-case, 52 symbols
 * (the last symbol carries 1 data bit and 4 zero padding bits), in 13 groups of 4 joined with '-'.
 */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const recoveryKeyBytes = 32;
const recoveryKeySymbols = Math.ceil((recoveryKeyBytes * 8) / 5); // 52

const decodeTable: Record<string, number> = (() => {
  const table: Record<string, number> = {};
  for (let i = 0; i < alphabet.length; i++) {
    table[alphabet[i]!] = i;
    table[alphabet[i]!.toLowerCase()] = i;
  }
  for (const c of ['I', 'i', 'L', 'l']) table[c] = 1;
  for (const c of ['O', 'o']) table[c] = 0;
  return table;
})();

export function encodeRecoveryKey(key: Uint8Array): string {
  requireBytes(key, 'recovery key');
  if (key.length !== recoveryKeyBytes) throw new RangeError(`a recovery key is ${recoveryKeyBytes} bytes`);
  let bits = 0;
  let value = 0;
  let symbols = '';
  for (const byte of key) {
    value = ((value << 8) | byte) & 0xfff; // at most 12 bits are ever pending
    bits += 8;
    while (bits >= 5) {
      symbols += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) symbols += alphabet[(value << (5 - bits)) & 31];
  return symbols.match(/.{1,4}/g)!.join('-');
}

/**
 * Reads a recovery key typed by a person: case-insensitive, ignores spaces, tabs, newlines and '-', reads I and L as
 * 1 and O as 0. Throws Error (without echoing the input) on a bad character, wrong length or non-zero padding bits.
 */
export function decodeRecoveryKey(text: string): Buffer {
  if (typeof text !== 'string') throw new TypeError('recovery key text must be a string');
  const compact = text.replace(/[\s-]+/g, '');
  if (compact.length !== recoveryKeySymbols) throw new Error('A recovery key has 52 characters.');
  const out = Buffer.alloc(recoveryKeyBytes);
  let bits = 0;
  let value = 0;
  let offset = 0;
  for (let i = 0; i < compact.length; i++) {
    const symbol = decodeTable[compact[i]!];
    if (symbol === undefined) throw new Error(`The recovery key has an invalid character at position ${i + 1}.`);
    value = ((value << 5) | symbol) & 0xfff; // at most 12 bits are ever pending
    bits += 5;
    if (bits >= 8) {
      out[offset++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  if ((value & ((1 << bits) - 1)) !== 0) throw new Error('The recovery key is not valid (its last character is wrong).');
  return out;
}
