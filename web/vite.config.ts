import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const at = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/** The web app's build: web/ in, dist/web out, served by `coffer server` at `/`. */
export default defineConfig({
  root: at('.'),
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@coffer/sdk': at('../src/sdk/index.ts') } },
  build: {
    outDir: at('../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    // The server sends a strict CSP: no inline script, so never inline the module preload polyfill or assets as data URLs in JS.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
  },
});
