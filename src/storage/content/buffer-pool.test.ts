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

  it('keeps at most maxIdle buffers and ignores foreign or detached ones', () => {
    const pool = new BufferPool(1024, 1, false);
    const [a, b] = [pool.acquire(), pool.acquire()];
    a.fill(5);
    pool.release(a);
    pool.release(b);
    pool.release(Buffer.alloc(10));
    const again = pool.acquire();
    expect(again.buffer).toBe(a.buffer);
    expect(again[0]).toBe(5);
    expect(pool.acquire().buffer).not.toBe(b.buffer);
    const detached = pool.acquire();
    structuredClone(detached.buffer, { transfer: [detached.buffer as ArrayBuffer] });
    pool.release(detached);
    expect(pool.acquire().byteLength).toBe(1024);
  });
});
