import { describe, expect, it } from 'vitest';
import { RepairQueue } from './repair-queue.js';

describe('RepairQueue', () => {
  it('works off each key once, one at a time, including keys added while it runs', async () => {
    const done: string[] = [];
    let running = 0;
    let peak = 0;
    const queue = new RepairQueue(async (key) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (key === 'a') queue.schedule('c');
      done.push(key);
      running -= 1;
    });
    queue.schedule('a');
    queue.schedule('b');
    queue.schedule('a');
    await queue.idle();
    expect(done).toEqual(['a', 'b', 'c']);
    expect(peak).toBe(1);
    expect(queue.size).toBe(0);
  });

  it('drops keys past its limit and keeps going after a failed repair', async () => {
    const done: string[] = [];
    const queue = new RepairQueue(async (key) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (key === 'k0') throw new Error('backend down');
      done.push(key);
    }, 3);
    for (let i = 0; i < 5; i++) queue.schedule(`k${i}`);
    expect(queue.dropped).toBe(2);
    await queue.idle();
    expect(done).toEqual(['k1', 'k2']);
  });
});
