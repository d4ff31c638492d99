import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.js';

describe('BufferPool', () => {
  it('hands back released memory, wiped when asked, and only once', () => {
    const pool = new BufferPool(1024, 2, true);
    const a = pool.acquire();
    a.fill(7);
    pool.release(a.subarray(10, 20));
    pool.release(a);
    const b = pool.acquire();
    expect(b.buffer).toBe(a.buffer);
    expect(b.every((byte) => byte === 0)).toBe(true);
    expect(pool.acquire().buffer).not.toBe(a.buffer);
  });

  it('creates at most `capacity` shared buffers, then plain ones it does not keep', () => {
    const pool = new BufferPool(1024, 2, false);
    const [a, b, c] = [pool.acquire(), pool.acquire(), pool.acquire()];
    expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(b.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(c.buffer).toBeInstanceOf(ArrayBuffer);
    expect(c.byteLength).toBe(1024);
    a.fill(5);
    pool.release(c);
    pool.release(a);
    const again = pool.acquire();
    expect(again.buffer).toBe(a.buffer);
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
    expect(new Uint8Array(seen.buffer)[0]).toBe(9);
  });
});
