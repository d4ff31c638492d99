import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  consistencyProofOver,
  foldSubtrees,
  inclusionProof,
  inclusionProofOver,
  leafHash,
  merkleRoot,
  nodeHash,
  perfectSubtrees,
  sha256,
  verifyConsistency,
  verifyInclusion,
} from './index.js';
import { readVectorJson, sharedVectorsDir } from './test-vectors.js';

interface InclusionCase {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyCase {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

const b64 = (s: string): Buffer => Buffer.from(s, 'base64');

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? jsonFiles(full) : name.endsWith('.json') ? [full] : [];
    })
    .sort();
}

const vectorsDir = sharedVectorsDir('Merkle (RFC 6962)');

describe.skipIf(vectorsDir === null)('transparency-dev/merkle testdata', () => {
  const root = vectorsDir ?? '';
  const inclusion = vectorsDir === null ? [] : jsonFiles(path.join(root, 'merkle', 'inclusion'));
  const consistency = vectorsDir === null ? [] : jsonFiles(path.join(root, 'merkle', 'consistency'));

  it('found the files', () => {
    expect(inclusion.length).toBeGreaterThan(50);
    expect(consistency.length).toBeGreaterThan(50);
  });

  for (const file of inclusion) {
    const rel = path.relative(root, file);
    it(`inclusion ${rel}`, () => {
      const t = readVectorJson<InclusionCase>(file);
      const ok = verifyInclusion(t.leafIdx, t.treeSize, b64(t.leafHash), (t.proof ?? []).map(b64), b64(t.root));
      expect(ok).toBe(!t.wantErr);
    });
  }

  for (const file of consistency) {
    const rel = path.relative(root, file);
    it(`consistency ${rel}`, () => {
      const t = readVectorJson<ConsistencyCase>(file);
      const ok = verifyConsistency(t.size1, t.size2, (t.proof ?? []).map(b64), b64(t.root1), b64(t.root2));
      expect(ok).toBe(!t.wantErr);
    });
  }
});

/** RFC 6962 MTH written as the spec's recursion, to check the bottom-up merkleRoot. */
function referenceMth(entries: Buffer[]): Buffer {
  if (entries.length === 0) return sha256(Buffer.alloc(0));
  if (entries.length === 1) return leafHash(entries[0]!);
  let k = 1;
  while (k * 2 < entries.length) k *= 2;
  return nodeHash(referenceMth(entries.slice(0, k)), referenceMth(entries.slice(k)));
}

describe('Merkle trees without vectors', () => {
  const entries = Array.from({ length: 40 }, (_, i) => Buffer.from(`entry ${i}`));

  it('leaf and node hashes use the 0x00 / 0x01 prefixes', () => {
    expect(leafHash(Buffer.from('a')).equals(sha256(Buffer.from('\x00a', 'latin1')))).toBe(true);
    const l = Buffer.alloc(32, 1);
    const r = Buffer.alloc(32, 2);
    expect(nodeHash(l, r).equals(sha256(Buffer.concat([Buffer.from([1]), l, r])))).toBe(true);
  });

  it('empty tree root is SHA-256 of nothing', () => {
    expect(merkleRoot([]).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('RFC 6962 reference roots (transparency-dev test leaves)', () => {
    const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
    expect(merkleRoot(leaves).toString('hex')).toBe('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328');
    expect(merkleRoot(leaves.slice(0, 1)).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('merkleRoot equals the RFC recursion for every size up to 40', () => {
    for (let n = 0; n <= entries.length; n++) expect(merkleRoot(entries.slice(0, n)).equals(referenceMth(entries.slice(0, n)))).toBe(true);
  });

  it('every generated inclusion proof verifies, and fails when tampered with', () => {
    for (let n = 1; n <= entries.length; n++) {
      const tree = entries.slice(0, n);
      const root = merkleRoot(tree);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(tree, i);
        const leaf = leafHash(tree[i]!);
        expect(verifyInclusion(i, n, leaf, proof, root)).toBe(true);
        expect(verifyInclusion(i, n, leafHash(Buffer.from('other')), proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion((i + 1) % n, n, leaf, proof, root)).toBe(false);
        if (proof.length > 0) {
          const bad = proof.map((p) => Buffer.from(p));
          bad[bad.length - 1]![0]! ^= 1;
          expect(verifyInclusion(i, n, leaf, bad, root)).toBe(false);
          expect(verifyInclusion(i, n, leaf, proof.slice(1), root)).toBe(false);
        }
        expect(verifyInclusion(i, n, leaf, [...proof, Buffer.alloc(32)], root)).toBe(false);
      }
    }
  });

  it('every generated consistency proof verifies, and fails when tampered with', () => {
    for (let n = 1; n <= entries.length; n++) {
      const newRoot = merkleRoot(entries.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const oldRoot = merkleRoot(entries.slice(0, m));
        const proof = consistencyProof(entries.slice(0, n), m);
        expect(verifyConsistency(m, n, proof, oldRoot, newRoot)).toBe(true);
        if (m < n) {
          expect(proof.length).toBeGreaterThan(0);
          expect(verifyConsistency(m, n, proof, newRoot, oldRoot)).toBe(false);
          expect(verifyConsistency(m, n, proof.slice(0, -1), oldRoot, newRoot)).toBe(false);
          expect(verifyConsistency(m, n, [...proof, Buffer.alloc(32)], oldRoot, newRoot)).toBe(false);
          const bad = proof.map((p) => Buffer.from(p));
          bad[0]![5]! ^= 0x10;
          expect(verifyConsistency(m, n, bad, oldRoot, newRoot)).toBe(false);
        } else {
          expect(proof).toEqual([]);
        }
      }
    }
  });

  it('consistency from the empty tree proves nothing and is refused', () => {
    expect(verifyConsistency(0, 3, [], sha256(Buffer.alloc(0)), merkleRoot(entries.slice(0, 3)))).toBe(false);
    expect(() => consistencyProof(entries, 0)).toThrow(RangeError);
    expect(() => inclusionProof(entries, entries.length)).toThrow(RangeError);
  });
});

describe('proofs over stored perfect subtrees', () => {
  const entries = Array.from({ length: 37 }, (_, i) => Buffer.from(`stored ${i}`));
  const leaves = entries.map(leafHash);
  /** What a ledger stores: the hash of every complete, aligned subtree. */
  const stored = (level: number, index: number): Buffer => merkleRoot(entries.slice(index * 2 ** level, (index + 1) * 2 ** level));
  const rangeHash = (from: number, to: number): Buffer => foldSubtrees(perfectSubtrees(from, to).map((s) => stored(s.level, s.index)));

  it('perfectSubtrees covers a range with aligned powers of two, largest first', () => {
    expect(perfectSubtrees(0, 13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(perfectSubtrees(8, 11)).toEqual([
      { level: 1, index: 4 },
      { level: 0, index: 10 },
    ]);
    expect(perfectSubtrees(5, 5)).toEqual([]);
  });

  it('give the same roots and proofs as the in-memory tree', () => {
    expect(leaves.length).toBe(37);
    for (let n = 1; n <= entries.length; n++) {
      const tree = entries.slice(0, n);
      expect(rangeHash(0, n).equals(merkleRoot(tree))).toBe(true);
      for (let i = 0; i < n; i++) expect(inclusionProofOver(n, i, rangeHash)).toEqual(inclusionProof(tree, i));
      for (let m = 1; m <= n; m++) expect(consistencyProofOver(m, n, rangeHash)).toEqual(consistencyProof(tree, m));
    }
    expect(foldSubtrees([]).equals(merkleRoot([]))).toBe(true);
  });
});
