import { describe, expect, it } from 'vitest';
import { deriveChunkKeys, randomBytesOf, randomKey } from '../../crypto/index.js';
import { contentContext } from './content-context.js';
import { fullObjectBytes } from './layout.js';
import { openObject, sealedObjectSize, sealObject } from './object-codec.js';

describe('sealObject in place', () => {
  const keys = deriveChunkKeys(randomKey(), randomBytesOf(24), contentContext('file', 'version'));
  const job = (plaintext: Buffer, endsMessage: boolean) => ({ aeadKey: keys.aeadKey, baseNonce: keys.baseNonce, firstChunk: 256, plaintext, endsMessage });

  it.each([
    ['a full object', 256 * 16384, false],
    ['a last object with a short final chunk', 70_000, true],
    ['a last object with an empty final chunk', 3 * 16384, true],
  ])('gives the same bytes as sealing into a separate buffer: %s', (_what, length, endsMessage) => {
    const plaintext = randomBytesOf(length);
    const separate = sealObject(job(Buffer.from(plaintext), endsMessage));

    const shared = Buffer.alloc(fullObjectBytes);
    plaintext.copy(shared);
    const size = sealedObjectSize(length, endsMessage);
    const inPlace = sealObject(job(shared.subarray(0, length), endsMessage), shared.subarray(0, size));

    expect(inPlace.key).toBe(separate.key);
    expect(inPlace.bytes.equals(separate.bytes)).toBe(true);
    const chunkLengths = Array.from({ length: Math.floor(length / 16384) + (endsMessage ? 1 : 0) }, (_, i) => Math.min(16384, length - i * 16384));
    const opened = openObject({ aeadKey: keys.aeadKey, baseNonce: keys.baseNonce, firstChunk: 256, chunkLengths, sealed: inPlace.bytes });
    expect(opened.equals(plaintext)).toBe(true);
  });
});

describe('openObject in place', () => {
  const keys = deriveChunkKeys(randomKey(), randomBytesOf(24), contentContext('file', 'version'));
  const chunkLengthsOf = (length: number) => Array.from({ length: Math.floor(length / 16384) + 1 }, (_, i) => Math.min(16384, length - i * 16384));

  it.each([
    ['a full run of chunks', 256 * 16384 - 1],
    ['a short final chunk', 70_000],
    ['one chunk', 100],
  ])('opens into the very memory that holds the sealed bytes: %s', (_what, length) => {
    const plaintext = randomBytesOf(length);
    const sealed = sealObject({ aeadKey: keys.aeadKey, baseNonce: keys.baseNonce, firstChunk: 0, plaintext, endsMessage: true });
    const memory = Buffer.from(sealed.bytes);
    const job = {
      aeadKey: keys.aeadKey,
      baseNonce: keys.baseNonce,
      firstChunk: 0,
      chunkLengths: chunkLengthsOf(length),
      sealed: memory,
      expectedKey: sealed.key,
    };
    const opened = openObject(job, memory.subarray(0, length));
    expect(opened.buffer).toBe(memory.buffer);
    expect(opened.equals(plaintext)).toBe(true);
  });

  it('still refuses a tampered chunk when opening in place', () => {
    const plaintext = randomBytesOf(3 * 16384 + 10);
    const sealed = sealObject({ aeadKey: keys.aeadKey, baseNonce: keys.baseNonce, firstChunk: 0, plaintext, endsMessage: true });
    const memory = Buffer.from(sealed.bytes);
    memory[2 * 16400 + 7]! ^= 1;
    const job = { aeadKey: keys.aeadKey, baseNonce: keys.baseNonce, firstChunk: 0, chunkLengths: chunkLengthsOf(plaintext.length), sealed: memory };
    expect(() => openObject(job, memory.subarray(0, plaintext.length))).toThrow(/chunk 2/);
  });
});
