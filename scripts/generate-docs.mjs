#!/usr/bin/env node
// Writes the docs that are generated from code, so they cannot drift from it.
//   node scripts/generate-docs.mjs           rewrite them
//   node scripts/generate-docs.mjs --check   exit 1 if any is stale (part of `npm run check`)
// It imports the compiled modules in dist/, so run `npm run build` first.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';

const root = fileURLToPath(new URL('..', import.meta.url));

const generatedDocs = [
  {
    file: 'docs/config.md',
    sourceDir: 'src/config',
    module: 'dist/config/config-docs.js',
    render: (module) => module.renderConfigDocs(),
  },
];

const check = process.argv.includes('--check');
const stale = [];

for (const doc of generatedDocs) {
  await assertBuildIsCurrent(doc.sourceDir);
  const module = await import(pathToFileURL(path.join(root, doc.module)).href);
  const target = path.join(root, doc.file);
  // Formatted like `npm run format` would, so `prettier --check` and this script agree on the bytes.
  const options = (await prettier.resolveConfig(target)) ?? {};
  const content = await prettier.format(doc.render(module), { ...options, filepath: target });
  const current = await readFile(target, 'utf8').catch(() => undefined);
  if (current === content) continue;
  if (check) stale.push(doc);
  else {
    await writeFile(target, content);
    console.log(`Wrote ${doc.file}`);
  }
}

if (stale.length > 0) {
  for (const doc of stale) console.error(`${doc.file} is out of date with ${doc.sourceDir}/.`);
  console.error('Run `npm run build && npm run docs:generate` and commit the result.');
  process.exit(1);
}

/** Fails when dist/ is missing or older than the sources, because the docs would then describe old code. */
async function assertBuildIsCurrent(sourceDir) {
  const outDir = path.join(root, 'dist', path.relative('src', sourceDir));
  for (const name of await readdir(path.join(root, sourceDir))) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    const source = await stat(path.join(root, sourceDir, name));
    const built = await stat(path.join(outDir, name.replace(/\.ts$/, '.js'))).catch(() => undefined);
    if (built === undefined || built.mtimeMs < source.mtimeMs) {
      console.error(`dist/ is missing or older than ${sourceDir}/${name}. Run \`npm run build\` first.`);
      process.exit(1);
    }
  }
}
