import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { copyIntoShared, zeroShared } from './shared-memory-copy.js';

describe('copyIntoShared', () => {
  it('copies exactly the source at every relative alignment, into shared and ordinary memory', () => {
    const source = randomBytes(70_001);
    for (const memory of [new SharedArrayBuffer(80_000), new ArrayBuffer(80_000)]) {
      for (let targetOffset = 0; targetOffset < 9; targetOffset++) {
        for (let sourceOffset = 0; sourceOffset < 9; sourceOffset++) {
          const target = Buffer.from(memory, 3); // a view that does not start at the memory's start either
          target.fill(0xee);
          const piece = source.subarray(sourceOffset, sourceOffset + 65_536 + targetOffset);
          copyIntoShared(target, targetOffset, piece);
          expect(target.subarray(targetOffset, targetOffset + piece.length).equals(piece)).toBe(true);
          // Nothing outside the destination range is touched.
          expect(target.subarray(0, targetOffset).every((b) => b === 0xee)).toBe(true);
          expect(target.subarray(targetOffset + piece.length).every((b) => b === 0xee)).toBe(true);
        }
      }
    }
  });

  it('copies pieces larger than its staging buffer in order', () => {
    const source = randomBytes(600_000 + 5).subarray(5);
    const target = Buffer.from(new SharedArrayBuffer(600_010));
    copyIntoShared(target, 1, source);
    expect(target.subarray(1, 600_001).equals(source)).toBe(true);
    expect(target[0]).toBe(0);
    expect(target.subarray(600_001).every((b) => b === 0)).toBe(true);
  });
});

describe('zeroShared', () => {
  it('zeroes every byte, including a tail shorter than a word', () => {
    for (const size of [0, 1, 7, 8, 1021, 4096 + 3]) {
      const memory = new SharedArrayBuffer(size);
      new Uint8Array(memory).fill(0xab);
      zeroShared(memory);
      expect(new Uint8Array(memory).every((b) => b === 0)).toBe(true);
    }
  });

  it('zeroes only the range it is given, at any alignment', () => {
    const memory = new SharedArrayBuffer(100);
    for (let offset = 0; offset < 10; offset++) {
      for (const length of [0, 1, 7, 8, 9, 30, 100 - offset]) {
        new Uint8Array(memory).fill(0xab);
        zeroShared(memory, offset, length);
        const bytes = new Uint8Array(memory);
        expect(bytes.subarray(offset, offset + length).every((b) => b === 0)).toBe(true);
        expect(bytes.subarray(0, offset).every((b) => b === 0xab)).toBe(true);
        expect(bytes.subarray(offset + length).every((b) => b === 0xab)).toBe(true);
      }
    }
  });
});
