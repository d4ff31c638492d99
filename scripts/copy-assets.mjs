// Copies the non-TypeScript files the server reads at run time (the setup page) from src/ into dist/.
import { cpSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const assets = /\.(html|css|js)$/;
function copy(dir) {
  for (const entry of readdirSync(path.join(root, 'src', dir))) {
    const relative = path.join(dir, entry);
    if (statSync(path.join(root, 'src', relative)).isDirectory()) copy(relative);
    else if (assets.test(entry)) cpSync(path.join(root, 'src', relative), path.join(root, 'dist', relative));
  }
}
copy('');
