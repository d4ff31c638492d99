#!/usr/bin/env node
// Measures what the first screen of the web app costs: the scripts index.html loads (its entry and the
// chunks it preloads), gzipped at level 9 as a server or CDN would send them. Lazily loaded chunks
// (PDF and Markdown viewers, the pdf.js worker) are listed apart: they load only when used.
// Usage: npm run build && node scripts/measure-first-screen.mjs   (exit 1 when over the 250 KB budget)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web');
const budgetBytes = 250 * 1024;
const html = readFileSync(path.join(root, 'index.html'), 'utf8');
const firstScreen = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
const gzipped = (file) => gzipSync(readFileSync(path.join(root, file)), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

let scripts = 0;
for (const file of firstScreen) {
  const size = gzipped(file);
  if (file.endsWith('.js')) scripts += size;
  console.log(`first screen  ${kb(size).padStart(9)}  ${file}`);
}
for (const file of readdirSync(path.join(root, 'assets')).map((name) => `/assets/${name}`)) {
  if (!firstScreen.includes(file)) console.log(`on demand     ${kb(gzipped(file)).padStart(9)}  ${file}`);
}
console.log(`\nJavaScript for the first screen: ${kb(scripts)} gzip (budget ${kb(budgetBytes)})`);
if (scripts > budgetBytes) process.exit(1);
