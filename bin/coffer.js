#!/usr/bin/env -S node --max-semi-space-size=4
// The flag caps V8's young generation at 4 MiB per semi-space (default 16): a server's memory is mostly pooled transfer
// buffers outside the heap, and the smaller nursery saves about 20 MB of resident memory (docs/ARCHITECTURE.md, Memory).
// The CLI is written in TypeScript under src/cli and compiled to dist/ by `npm run build` (run by `prepare` on `npm ci`).

// Every durable object write holds a libuv pool thread through its fsyncs; with the default 4 threads,
// parallel uploads queue behind each other's fsyncs. Must be set before the first asynchronous I/O.
process.env.UV_THREADPOOL_SIZE ??= '16';

const { main } = await import('../dist/cli/main.js');
process.exit(await main(process.argv.slice(2)));
