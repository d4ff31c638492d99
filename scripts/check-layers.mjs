#!/usr/bin/env node
// Enforces the import rules of docs/ARCHITECTURE.md ("Import direction"): every import in src/ points
// down the layer stack (or stays inside its own module), other modules are entered only through their
// index.ts, and the environment-neutral modules (domain, api, sdk) import nothing from Node.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');

/** Layer of each top-level module; a module may import modules of a strictly lower layer. */
const layers = { domain: 0, crypto: 1, api: 1, storage: 2, db: 2, config: 2, features: 3, http: 4, sdk: 4, app: 5, cli: 6 };
/** The only lower modules each may use, when narrower than "everything below". */
const allowedOnly = { crypto: ['domain'], api: ['domain'], sdk: ['domain', 'api'], storage: ['domain', 'crypto'], db: ['domain'], config: ['domain'] };
const environmentNeutral = new Set(['domain', 'api', 'sdk']);
const why = 'see docs/ARCHITECTURE.md, "Import direction"';

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (/\.ts$/.test(entry) && !/\.(test|contract)\.ts$/.test(entry) && entry !== 'test-vectors.ts') yield full;
  }
}

/** `features/files/x.ts` → unit "features/files"; `http/routes/x.ts` → "http". */
function unitOf(file) {
  const parts = path.relative(src, file).split(path.sep);
  if (parts.length === 1) return parts[0].replace(/\.ts$/, '');
  return parts[0] === 'features' ? `features/${parts[1]}` : parts[0];
}

const problems = [];
for (const file of sourceFiles(src)) {
  const from = unitOf(file);
  const fromModule = from.split('/')[0];
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const specifier = match[1] ?? match[2];
    const where = `${path.relative(root, file)}: imports "${specifier}"`;
    if (!specifier.startsWith('.')) {
      if (environmentNeutral.has(fromModule) && specifier.startsWith('node:'))
        problems.push(`${where}, but ${fromModule} must stay free of Node APIs (it runs in browsers too); ${why}`);
      continue;
    }
    const target = path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts'));
    const to = unitOf(target);
    if (to === from) continue;
    const toModule = to.split('/')[0];
    if (toModule === fromModule && fromModule !== 'features') continue;
    const entered = path.relative(path.join(src, to), target);
    if (entered !== 'index.ts') problems.push(`${where}: enter ${to} through its index.ts, not a file inside it; ${why}`);
    if (toModule === fromModule) continue; // features/a -> features/b through the index is allowed
    const fromLayer = layers[fromModule];
    const toLayer = layers[toModule];
    if (fromLayer === undefined || toLayer === undefined) {
      problems.push(
        `${where}: module "${fromLayer === undefined ? fromModule : toModule}" has no layer; add it to scripts/check-layers.mjs and docs/ARCHITECTURE.md`,
      );
    } else if (toLayer >= fromLayer) {
      problems.push(`${where}: ${fromModule} (layer ${fromLayer}) may not import ${toModule} (layer ${toLayer}); imports only go down; ${why}`);
    } else if (allowedOnly[fromModule] && !allowedOnly[fromModule].includes(toModule)) {
      problems.push(`${where}: ${fromModule} may only import ${allowedOnly[fromModule].join(', ')}; ${why}`);
    }
  }
}

// The web app (web/src) is a client like the CLI, but in the browser: it reaches the server only through
// the SDK (aliased as @coffer/sdk, which re-exports the api and domain vocabulary) and never imports Node.
const webSrc = path.join(root, 'web', 'src');
const webAllowed = new Set(['@coffer/sdk']);
function* webFiles(dir) {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) yield* webFiles(full);
    else if (/\.tsx?$/.test(entry)) yield full;
  }
}
for (const file of webFiles(webSrc)) {
  const text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const specifier = match[1] ?? match[2];
    const where = `${path.relative(root, file)}: imports "${specifier}"`;
    if (specifier.startsWith('node:')) problems.push(`${where}, but the web app runs in browsers; ${why}`);
    else if (specifier.startsWith('.')) {
      const target = path.resolve(path.dirname(file), specifier);
      if (!target.startsWith(webSrc + path.sep)) problems.push(`${where}: the web app reaches server code only through @coffer/sdk (src/sdk); ${why}`);
    } else if (specifier.startsWith('@coffer/') && !webAllowed.has(specifier)) {
      problems.push(`${where}: the web app may import only @coffer/sdk (sdk, api and domain); ${why}`);
    }
  }
}

if (problems.length > 0) {
  console.error(`Layer rules broken (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('Layer rules hold.');
