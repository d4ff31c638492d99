import { CofferError } from '../../domain/index.js';
import { foldSubtrees, perfectSubtrees, type RangeHash } from '../../crypto/index.js';
import type { SubtreeKey } from '../../db/index.js';

const placeholder = Buffer.alloc(32);

/**
 * Runs `build` (a root or proof computation) over the stored subtree hashes with two database round trips at most:
 * a dry run records which perfect subtrees the computation needs (the shape of a proof never depends on hash
 * values), one query fetches them, and the real run folds them.
 */
export async function overStoredTree<T>(
  repos: { readonly ledger: { nodes(keys: readonly SubtreeKey[]): Promise<Map<string, Buffer>> } },
  build: (rangeHash: RangeHash) => T,
): Promise<T> {
  const wanted = new Map<string, SubtreeKey>();
  build((from, to) => {
    for (const s of perfectSubtrees(from, to)) wanted.set(`${s.level}:${s.index}`, s);
    return placeholder;
  });
  const stored = await repos.ledger.nodes([...wanted.values()]);
  return build((from, to) =>
    foldSubtrees(
      perfectSubtrees(from, to).map((s) => {
        const hash = stored.get(`${s.level}:${s.index}`);
        if (!hash) throw new CofferError('ledger.integrity_failed', 'The integrity log is missing a stored subtree.');
        return hash;
      }),
    ),
  );
}
