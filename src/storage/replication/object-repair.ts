import { sha256 } from '../../crypto/index.js';
import { BlobNotFoundError, type BlobStore } from '../blob-store.js';

/** What one replica holds for a key: the right bytes, nothing, other bytes, or no answer at all. */
export type CopyState = 'good' | 'missing' | 'corrupt' | 'unreachable';

export interface ObjectCheck {
  readonly key: string;
  /** One entry per replica, in replica order, as found before any repair. */
  readonly states: readonly CopyState[];
  /** Replicas that were bad or missing and now hold the right bytes. */
  readonly repaired: readonly number[];
  /** Replicas that are still bad or missing: no good copy existed, or writing it failed. */
  readonly unrepaired: readonly number[];
  /** Bytes read and hashed, over every replica. */
  readonly bytesVerified: number;
  /** Bytes read and hashed from each replica. */
  readonly bytesByReplica: readonly number[];
}

export interface CheckOptions {
  /** Write a good copy over bad or missing ones. */
  readonly repair: boolean;
  /** Treat a missing copy as fine (an object no version uses any more is garbage collection's business). */
  readonly missingIsFine?: boolean;
}

/**
 * Reads every replica's copy of `key` whole, checks its SHA-256 against the key, and (when asked) copies a good
 * copy over each bad or missing one. A bad copy is deleted before the good one is written, because a local
 * folder skips a put whose file already exists. A reader in between sees "missing" and uses another replica.
 */
export async function checkObject(replicas: readonly BlobStore[], key: string, options: CheckOptions): Promise<ObjectCheck> {
  const states: CopyState[] = [];
  let good: Buffer | undefined;
  const bytesByReplica: number[] = [];
  for (const replica of replicas) {
    bytesByReplica.push(0);
    try {
      const bytes = await replica.get(key);
      bytesByReplica[bytesByReplica.length - 1] = bytes.length;
      const ok = sha256(bytes).toString('hex') === key;
      if (ok) good ??= bytes;
      states.push(ok ? 'good' : 'corrupt');
    } catch (err) {
      states.push(err instanceof BlobNotFoundError ? 'missing' : 'unreachable');
    }
  }
  const repaired: number[] = [];
  const unrepaired: number[] = [];
  for (const [index, state] of states.entries()) {
    if (state === 'good' || (state === 'missing' && options.missingIsFine)) continue;
    if (!options.repair || good === undefined || state === 'unreachable') {
      unrepaired.push(index);
      continue;
    }
    try {
      const replica = replicas[index]!;
      if (state === 'corrupt') await replica.delete(key);
      await replica.put(key, good);
      repaired.push(index);
    } catch {
      unrepaired.push(index);
    }
  }
  return { key, states, repaired, unrepaired, bytesVerified: bytesByReplica.reduce((a, b) => a + b, 0), bytesByReplica };
}
