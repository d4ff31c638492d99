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

/**
 * MTH(D[from:to]) for any range, given `rangeHash`. Proof generation below asks only for ranges that start on a
 * multiple of a power of two at least as large as the range, so a store of perfect subtrees can answer each one.
 */
export type RangeHash = (from: number, to: number) => Buffer;

/**
 * The perfect subtrees [start, start + 2^level) that make up D[from:to], largest first. For a range that starts
 * aligned (as every range a proof needs does), MTH(D[from:to]) is these hashes folded from the right.
 */
export function perfectSubtrees(from: number, to: number): { level: number; index: number }[] {
  const out: { level: number; index: number }[] = [];
  let at = from;
  while (at < to) {
    let size = 1;
    while (at % (size * 2) === 0 && at + size * 2 <= to) size *= 2;
    out.push({ level: Math.log2(size), index: at / size });
    at += size;
  }
  return out;
}

/** PATH(m, D[n]) of RFC 6962 2.1.1 over a tree of `size` entries known only through `rangeHash`. */
export function inclusionProofOver(size: number, index: number, rangeHash: RangeHash): Buffer[] {
  checkIndex(index, 'index');
  checkIndex(size, 'size');
  if (index >= size) throw new RangeError('index must be smaller than the number of entries');
  const path = (m: number, from: number, to: number): Buffer[] => {
    const n = to - from;
    if (n === 1) return [];
    const k = split(n);
    if (m < k) return [...path(m, from, from + k), rangeHash(from + k, to)];
    return [...path(m - k, from + k, to), rangeHash(from, from + k)];
  };
  return path(index, 0, size);
}

/** PROOF(m, D[n]) of RFC 6962 2.1.2 for 0 < oldSize <= newSize (empty when the sizes are equal). */
export function consistencyProofOver(oldSize: number, newSize: number, rangeHash: RangeHash): Buffer[] {
  checkIndex(oldSize, 'oldSize');
  checkIndex(newSize, 'newSize');
  if (oldSize < 1 || oldSize > newSize) throw new RangeError('oldSize must be between 1 and the number of entries');
  const subproof = (m: number, from: number, to: number, complete: boolean): Buffer[] => {
    const n = to - from;
    if (m === n) return complete ? [] : [rangeHash(from, to)];
    const k = split(n);
    if (m <= k) return [...subproof(m, from, from + k, complete), rangeHash(from + k, to)];
    return [...subproof(m - k, from + k, to, false), rangeHash(from, from + k)];
  };
  return subproof(oldSize, 0, newSize, true);
}

/** PATH(m, D[n]) of RFC 6962 2.1.1: the audit path for entry `index`. */
export function inclusionProof(entries: readonly Uint8Array[], index: number): Buffer[] {
  const leaves = entries.map(leafHash);
  return inclusionProofOver(leaves.length, index, (from, to) => rootOfLeaves(leaves, from, to));
}

/** PROOF(m, D[n]) of RFC 6962 2.1.2 for 0 < oldSize <= entries.length (empty when the sizes are equal). */
export function consistencyProof(entries: readonly Uint8Array[], oldSize: number): Buffer[] {
  const leaves = entries.map(leafHash);
  return consistencyProofOver(oldSize, leaves.length, (from, to) => rootOfLeaves(leaves, from, to));
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

/** MTH of an aligned range from its perfect subtrees (as `perfectSubtrees` lists them), folded from the right. */
export function foldSubtrees(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) return createHash('sha256').digest();
  let acc: Buffer = Buffer.from(hashes[hashes.length - 1]!);
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return acc;
}
