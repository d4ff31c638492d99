#!/usr/bin/env node
// The CLI is written in TypeScript under src/cli and compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).
import { main } from '../dist/cli/main.js';

process.exit(await main(process.argv.slice(2)));
