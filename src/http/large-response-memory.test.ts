import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';
import { collectAfterResponse } from './large-response-memory.js';

const fakeReply = (): { reply: FastifyReply; raw: EventEmitter } => {
  const raw = new EventEmitter();
  return { reply: { raw } as unknown as FastifyReply, raw };
};

describe('collectAfterResponse', () => {
  it('collects garbage the listing left, once its response is closed', async () => {
    let listing: { rows: number[] } | undefined = { rows: Array.from({ length: 200_000 }, (_, i) => i) };
    const gone = new WeakRef(listing);
    listing = undefined;
    const { reply, raw } = fakeReply();
    collectAfterResponse(reply);
    await nextTurn();
    await nextTurn();
    expect(gone.deref()).toBeDefined(); // nothing happens before the response is out
    raw.emit('close');
    await nextTurn();
    await nextTurn();
    expect(gone.deref()).toBeUndefined();
  });

  it('shares one pending collection between responses, and takes new requests once it ran', async () => {
    const first = fakeReply();
    const second = fakeReply();
    collectAfterResponse(first.reply);
    collectAfterResponse(second.reply);
    expect(first.raw.listenerCount('close')).toBe(1);
    expect(second.raw.listenerCount('close')).toBe(0);
    first.raw.emit('close');
    await nextTurn();
    await nextTurn();
    collectAfterResponse(second.reply);
    expect(second.raw.listenerCount('close')).toBe(1);
    second.raw.emit('close');
    await nextTurn();
  });
});
