/**
 * Test-only helper (not exported from index.ts): where the shared published test vectors live.
 *
 * The folder is `../shared/vectors` next to the repository root, or $COFFER_VECTORS_DIR when set. When it is missing,
 * tests that need it fail under CI (process.env.CI set) and are skipped with a loud warning elsewhere.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file's own location (src/crypto/test-vectors.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function candidateDir(): string {
  const override = process.env.COFFER_VECTORS_DIR;
  return override !== undefined && override !== '' ? path.resolve(override) : path.resolve(repoRoot, '../shared/vectors');
}

/**
 * The vectors folder, or null when it is missing outside CI. Throws when it is missing and process.env.CI is set,
 * so the test file that asked fails instead of silently skipping.
 */
export function sharedVectorsDir(suite: string): string | null {
  const dir = candidateDir();
  if (existsSync(dir) && statSync(dir).isDirectory()) return dir;
  const message = `Published test vectors not found at ${dir} (set COFFER_VECTORS_DIR to override).`;
  if (process.env.CI) throw new Error(`${message} The ${suite} vector tests cannot run in CI without them.`);
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING ${suite} vector tests: ${message}\n!! These tests are REQUIRED in CI.\n${'!'.repeat(78)}\n`);
  return null;
}

/** Reads and parses one JSON file below the vectors folder. */
export function readVectorJson<T = unknown>(dir: string, ...parts: string[]): T {
  return JSON.parse(readFileSync(path.join(dir, ...parts), 'utf8')) as T;
}
