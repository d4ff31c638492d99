// `npm run build && node bench/direct-io.mjs`: why the local store writes and reads objects by direct I/O
// (src/storage/object-file-io.ts). Puts 1 GiB as 256 sealed-object-sized (4 MiB + tags) objects into a fresh
// LocalFolderBlobStore, 16 at a time as an upload does, then reads them all back: once from page-aligned memory (direct
// I/O) and once from ordinary memory, which the kernel refuses for direct I/O, so the store goes through the page
// cache, as it did before. Prints wall time and this process's CPU time (user and kernel), rounds interleaved.
// The page-cache reads find every object still cached (just written); a cold read through the page cache costs far
// more kernel time (about 2.5 s per GiB on the reference machine, docs/ARCHITECTURE.md, "Memory").
import { createHash, randomFillSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalFolderBlobStore } from '../dist/storage/local-folder-blob-store.js';
import { allocatePageAligned } from '../dist/storage/page-aligned-memory.js';

const objectBytes = 256 * (16 * 1024 + 16);
const objects = Number(process.env.BENCH_OBJECTS ?? 256);
const parallel = 16;
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const work = mkdtempSync(path.join(process.env.BENCH_DIR ?? tmpdir(), 'coffer-direct-io-'));

/** `parallel` object buffers: slots of page-aligned memory, or ordinary (malloc'd, unaligned) memory. */
function buffers(aligned) {
  return Array.from({ length: parallel }, () =>
    aligned ? Buffer.from(allocatePageAligned(objectBytes), 0, objectBytes) : Buffer.allocUnsafeSlow(objectBytes),
  );
}

async function run(aligned, round) {
  const store = await LocalFolderBlobStore.open(path.join(work, `${aligned ? 'direct' : 'cached'}-${round}`));
  const pool = buffers(aligned);
  const keys = [];
  const measure = async (work) => {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    await work();
    const used = process.cpuUsage(cpu);
    return { seconds: Number(process.hrtime.bigint() - start) / 1e9, user: used.user / 1e6, system: used.system / 1e6 };
  };
  const writes = await measure(async () => {
    let next = 0;
    await Promise.all(
      pool.map(async (bytes) => {
        for (let i = next++; i < objects; i = next++) {
          // Each buffer carries one object after another, as the upload pool's buffers do. The local store does not
          // check keys against content (readers do), so hashing 64 random bytes keeps SHA-256 out of the timing.
          randomFillSync(bytes, 0, 64);
          const key = createHash('sha256').update(bytes.subarray(0, 64)).digest('hex');
          keys[i] = key;
          await store.put(key, bytes);
        }
      }),
    );
  });
  const reads = await measure(async () => {
    let next = 0;
    await Promise.all(
      pool.map(async (into) => {
        for (let i = next++; i < objects; i = next++) {
          const bytes = await store.get(keys[i], undefined, into);
          if (bytes.length !== objectBytes) throw new Error('short read');
        }
      }),
    );
  });
  return { writes, reads, direct: { written: store.directWriteBytes, read: store.directReadBytes } };
}

const show = (label, t) =>
  `${label.padEnd(34)} ${((objects * objectBytes) / 1e6 / t.seconds).toFixed(0).padStart(6)} MB/s   CPU ${t.user.toFixed(2)} s user, ${t.system.toFixed(2)} s kernel`;

try {
  const best = { true: undefined, false: undefined };
  for (let round = 0; round < rounds; round++) {
    for (const aligned of [true, false]) {
      const result = await run(aligned, round);
      const previous = best[aligned];
      if (!previous || result.writes.seconds + result.reads.seconds < previous.writes.seconds + previous.reads.seconds) best[aligned] = result;
    }
  }
  console.log(`\n${objects} objects of ${objectBytes} bytes, ${parallel} at a time; best of ${rounds} interleaved rounds`);
  for (const aligned of [true, false]) {
    const r = best[aligned];
    const how = aligned ? 'page-aligned memory (direct I/O)' : 'ordinary memory (page cache)';
    console.log(`${how}: ${(r.direct.written / 2 ** 20).toFixed(0)} MiB written and ${(r.direct.read / 2 ** 20).toFixed(0)} MiB read directly`);
    console.log(show('  put (write, fsync, rename, fsync)', r.writes));
    console.log(show('  get (whole object)', r.reads));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
