/**
 * The candidate that `input` was most likely meant to be, for "did you mean" hints: the nearest by edit distance
 * (ignoring case) if it is close enough, else one that contains the input or is contained in it
 * (COFFER_LOG → COFFER_LOG_LEVEL). Undefined when nothing is plausible.
 */
export function closestName(input: string, candidates: readonly string[], ignoredPrefix = ''): string | undefined {
  const strip = (name: string) => name.toLowerCase().slice(ignoredPrefix.length);
  const wanted = strip(input);
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(wanted, strip(name));
    if (!best || distance < best.distance) best = { name, distance };
  }
  if (best && best.distance <= Math.max(2, Math.floor(wanted.length / 3))) return best.name;
  if (wanted.length < 3) return undefined;
  return candidates.find((name) => strip(name).includes(wanted) || wanted.includes(strip(name)));
}

/** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
