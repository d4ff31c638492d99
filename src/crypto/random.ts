import { randomBytes } from 'node:crypto';

/** A fresh 32-byte key from the operating system CSPRNG. */
export function randomKey(): Buffer {
  return randomBytes(32);
}

/** `n` bytes from the operating system CSPRNG. */
export function randomBytesOf(n: number): Buffer {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('randomBytesOf: n must be a non-negative integer');
  return randomBytes(n);
}
