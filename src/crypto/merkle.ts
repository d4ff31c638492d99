import { createHash } from 'node:crypto';
import { requireBytes } from './bytes.js';

/**
 * Merkle trees as in RFC 6962 section 2.1 / RFC 9162 section 2.1, with SHA-256:
 *   MTH({})       = SHA-256()
 *   leaf hash     = SHA-256(0x00 || entry)
 *   node hash     = SHA-256(0x01 || left || right)
 *   MTH(D[n])     = node(MTH(D[0:k]), MTH(D[k:n])), k = the largest power of two smaller than n
 * Proof generation follows RFC 6962 2.1.1 / 2.1.2, verification RFC 9162 2.1.3.2 / 2.1.4.2.
 */
const hashSize = 32;
const leafPrefix = Buffer.from([0x00]);
const nodePrefix = Buffer.from([0x01]);

export function leafHash(entry: Uint8Array): Buffer {
  requireBytes(entry, 'entry');
  return createHash('sha256').update(leafPrefix).update(entry).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(nodePrefix).update(left).update(right).digest();
}

/** Largest power of two strictly smaller than n (n >= 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes, bottom-up (carrying an odd last node up gives the same tree as the RFC's recursion). */
function rootOfLeaves(leaves: readonly Buffer[], from = 0, to = leaves.length): Buffer {
  if (to === from) return createHash('sha256').digest();
  let level = leaves.slice(from, to);
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

/** The Merkle Tree Hash of `entries` (leaf-hashed here). An empty list gives SHA-256 of the empty string. */
export function merkleRoot(entries: readonly Uint8Array[]): Buffer {
  return rootOfLeaves(entries.map(leafHash));
}

function checkIndex(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer`);
}

/** PATH(m, D[n]) of RFC 6962 2.1.1: the audit path for entry `index`. */
export function inclusionProof(entries: readonly Uint8Array[], index: number): Buffer[] {
  checkIndex(index, 'index');
  if (index >= entries.length) throw new RangeError('index must be smaller than the number of entries');
  const leaves = entries.map(leafHash);
  const path = (m: number, from: number, to: number): Buffer[] => {
    const n = to - from;
    if (n === 1) return [];
    const k = split(n);
    if (m < k) return [...path(m, from, from + k), rootOfLeaves(leaves, from + k, to)];
    return [...path(m - k, from + k, to), rootOfLeaves(leaves, from, from + k)];
  };
  return path(index, 0, leaves.length);
}

/** PROOF(m, D[n]) of RFC 6962 2.1.2 for 0 < oldSize <= entries.length (empty when the sizes are equal). */
export function consistencyProof(entries: readonly Uint8Array[], oldSize: number): Buffer[] {
  checkIndex(oldSize, 'oldSize');
  if (oldSize < 1 || oldSize > entries.length) throw new RangeError('oldSize must be between 1 and the number of entries');
  const leaves = entries.map(leafHash);
  const subproof = (m: number, from: number, to: number, complete: boolean): Buffer[] => {
    const n = to - from;
    if (m === n) return complete ? [] : [rootOfLeaves(leaves, from, to)];
    const k = split(n);
    if (m <= k) return [...subproof(m, from, from + k, complete), rootOfLeaves(leaves, from + k, to)];
    return [...subproof(m - k, from + k, to, false), rootOfLeaves(leaves, from, from + k)];
  };
  return subproof(oldSize, 0, leaves.length, true);
}

function isHash(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === hashSize;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
}

/** Halves with floor, for sizes beyond 32 bits. */
const half = (x: number): number => Math.floor(x / 2);
const odd = (x: number): boolean => x % 2 === 1;

/**
 * Verifies that `leafHashValue` is entry `index` of the tree of `size` entries with root `root` (RFC 9162 2.1.3.2).
 * Returns false (never throws) for any malformed input: index >= size, hashes that are not 32 bytes, etc.
 */
export function verifyInclusion(index: number, size: number, leafHashValue: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (!isHash(leafHashValue) || !isHash(root) || !Array.isArray(proof) || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leafHashValue);
  for (const p of proof) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameBytes(r, root);
}

/**
 * Verifies that the tree of `newSize` entries with root `newRoot` extends the tree of `oldSize` entries with root
 * `oldRoot` (RFC 9162 2.1.4.2). Returns false for oldSize = 0 (every tree extends the empty one, so such a proof proves
 * nothing and callers must not rely on it), for oldSize > newSize, for a non-empty proof when the sizes are equal,
 * and for any malformed input.
 */
export function verifyConsistency(oldSize: number, newSize: number, proof: readonly Uint8Array[], oldRoot: Uint8Array, newRoot: Uint8Array): boolean {
  if (!Number.isSafeInteger(oldSize) || !Number.isSafeInteger(newSize)) return false;
  if (oldSize < 1 || oldSize > newSize || !Array.isArray(proof)) return false;
  if (!(oldRoot instanceof Uint8Array) || !(newRoot instanceof Uint8Array)) return false;
  if (oldSize === newSize) return proof.length === 0 && oldRoot.length === newRoot.length && sameBytes(oldRoot, newRoot);
  if (proof.length === 0 || !proof.every(isHash) || !isHash(oldRoot) || !isHash(newRoot)) return false;

  // If oldSize is a power of two, the old root itself is the first node of the path.
  const path: readonly Uint8Array[] = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : proof;
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameBytes(fr, oldRoot) && sameBytes(sr, newRoot);
}

function isPowerOfTwo(x: number): boolean {
  let v = x;
  while (v > 1 && v % 2 === 0) v /= 2;
  return v === 1;
}
