import type { FastifyReply } from 'fastify';
import { collectAllGarbage } from '../storage/index.js';

/**
 * Listings this long get a full collection once their response has gone out.
 *
 * Listing 10,000 items builds some 15 MB of short-lived objects (rows, views, the JSON text) while a few young-generation
 * collections run, and those promote whatever the listing still uses to the old generation. V8 then lets that garbage
 * pile up from listing to listing until its heap limit grows: seven listings in a row took a server from 131 to 235 MB.
 * With a full collection after each response it stayed at 167 MB. The collection takes one thread for some
 * milliseconds, after the response, and only listings of at least this many items pay it.
 */
export const largeListingItems = 2000;

let scheduled = false;

/** Asks for one full collection after `reply` is sent; requests that come while one is pending share it. */
export function collectAfterResponse(reply: FastifyReply): void {
  if (scheduled) return;
  scheduled = true;
  reply.raw.once('close', () =>
    setImmediate(() => {
      scheduled = false;
      collectAllGarbage();
    }),
  );
}
