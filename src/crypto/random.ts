import { randomBytes, randomInt } from 'node:crypto';

/** A fresh 32-byte key from the operating system CSPRNG. */
export function randomKey(): Buffer {
  return randomBytes(32);
}

/** `n` bytes from the operating system CSPRNG. */
export function randomBytesOf(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('randomBytesOf: n must be a non-negative integer');
  return randomBytes(n);
}

/** `n` decimal digits, each uniform (node:crypto randomInt rejects biased draws). For one-time codes. */
export function randomDigits(n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(randomInt(0, 10));
  return out;
}
