import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../domain/index.js';
import { maxTailBytes, openUploadTail, sealUploadTail } from './staging-tail.js';

describe('upload tail envelope', () => {
  const key = randomBytes(32);
  const salt = randomBytes(24);
  const tail = randomBytes(maxTailBytes - 1);

  it('opens what it sealed, and the envelope hides the plaintext', () => {
    const sealed = sealUploadTail(key, salt, 'upload-1', 5 * 16384, tail);
    expect(sealed.length).toBe(tail.length + 29);
    expect(sealed.includes(tail.subarray(0, 32))).toBe(false);
    expect(openUploadTail(key, salt, 'upload-1', 5 * 16384, sealed).equals(tail)).toBe(true);
  });

  it.each([
    ['another offset', (s: Buffer) => openUploadTail(key, salt, 'upload-1', 6 * 16384, s)],
    ['another upload', (s: Buffer) => openUploadTail(key, salt, 'upload-2', 5 * 16384, s)],
    ['another salt', (s: Buffer) => openUploadTail(key, randomBytes(24), 'upload-1', 5 * 16384, s)],
    ['another key', (s: Buffer) => openUploadTail(randomBytes(32), salt, 'upload-1', 5 * 16384, s)],
    ['a flipped bit', (s: Buffer) => openUploadTail(key, salt, 'upload-1', 5 * 16384, Buffer.from(s.map((b, i) => (i === 20 ? b ^ 1 : b))))],
  ])('refuses %s', (_label, open) => {
    const sealed = sealUploadTail(key, salt, 'upload-1', 5 * 16384, tail);
    expect(() => open(sealed)).toThrow(IntegrityError);
  });

  it('refuses a tail of a whole chunk or more: that must go through Cobblestone', () => {
    expect(() => sealUploadTail(key, salt, 'u', 0, randomBytes(maxTailBytes))).toThrow(RangeError);
  });
});
