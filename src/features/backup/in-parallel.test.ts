import { describe, expect, it } from 'vitest';
import { inParallel } from './in-parallel.js';

describe('inParallel', () => {
  it('runs every item with at most `limit` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await inParallel([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      done.push(n);
      inFlight -= 1;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('stops starting items after a failure, lets the running ones finish, then throws it', async () => {
    const started: number[] = [];
    let running = 0;
    const attempt = inParallel([1, 2, 3, 4, 5, 6], 2, async (n) => {
      started.push(n);
      running += 1;
      await new Promise((r) => setTimeout(r, n === 1 ? 1 : 20));
      running -= 1;
      if (n === 1) throw new Error('boom');
    });
    await expect(attempt).rejects.toThrow('boom');
    expect(running).toBe(0);
    expect(started).toEqual([1, 2]);
  });
});
