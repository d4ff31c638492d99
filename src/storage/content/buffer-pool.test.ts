import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BufferPool, sameStart } from './buffer-pool.js';

describe('BufferPool', () => {
  it('hands back released memory, wiped when asked, and only once', () => {
    const pool = new BufferPool(1024, 2, true);
    const a = pool.acquire();
    a.fill(7);
    pool.release(a.subarray(10, 20));
    pool.release(a);
    const b = pool.acquire();
    expect(sameStart(a, b)).toBe(true);
    expect(b.every((byte) => byte === 0)).toBe(true);
    expect(sameStart(pool.acquire(), a)).toBe(false);
  });

  it('wipes only the released buffer, not its neighbours in the same memory', () => {
    const pool = new BufferPool(1000, 2, true);
    const [a, b] = [pool.acquire(), pool.acquire()];
    a.fill(1);
    b.fill(2);
    pool.release(a);
    expect(b.every((byte) => byte === 2)).toBe(true);
  });

  it('creates at most `capacity` shared buffers, then plain ones it does not keep', () => {
    const pool = new BufferPool(1024, 2, false);
    const [a, b, c] = [pool.acquire(), pool.acquire(), pool.acquire()];
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(b.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(sameStart(a, b)).toBe(false);
    expect(c.buffer).toBeInstanceOf(ArrayBuffer);
    expect(c.byteLength).toBe(1024);
    a.fill(5);
    pool.release(c);
    pool.release(a);
    const again = pool.acquire();
    expect(sameStart(again, a)).toBe(true);
    expect(again[0]).toBe(5);
    expect(pool.acquire().buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('ignores shared memory it did not create', () => {
    const pool = new BufferPool(1024, 1, false);
    const foreign = Buffer.from(new SharedArrayBuffer(1024));
    pool.release(foreign);
    expect(pool.acquire().buffer).not.toBe(foreign.buffer);
  });

  it('lends shared memory: cloning it for a worker does not take it away', () => {
    const pool = new BufferPool(1024, 1, false);
    const lent = pool.acquire();
    const seen = structuredClone(lent);
    lent[0] = 9;
    expect(lent.byteLength).toBe(1024);
    expect(new Uint8Array(seen.buffer, seen.byteOffset)[0]).toBe(9);
  });

  // Direct I/O refuses memory that is not aligned (EINVAL). O_DIRECT is Linux's; the checkout's filesystem must take it.
  it.runIf(process.platform === 'linux')('hands out page-aligned buffers that direct I/O accepts', () => {
    const folder = mkdtempSync(path.join(process.cwd(), '.direct-io-'));
    try {
      const fd = openSync(path.join(folder, 'probe'), constants.O_WRONLY | constants.O_CREAT | constants.O_DIRECT);
      try {
        const pool = new BufferPool(3 * 4096 + 100, 3, false);
        for (const buffer of [pool.acquire(), pool.acquire(), pool.acquire()]) expect(writeSync(fd, buffer, 0, 3 * 4096, 0)).toBe(3 * 4096);
        // The check is real: an odd address is never aligned.
        expect(() => writeSync(fd, Buffer.from(new SharedArrayBuffer(8192), 1), 0, 4096, 0)).toThrow(/EINVAL/);
      } finally {
        closeSync(fd);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
