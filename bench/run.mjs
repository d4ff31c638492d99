// `npm run bench`: Coffer against a baseline measured in the same run on the same machine.
// Figures: 1 GiB upload and download MB/s through the API and through the baseline (and their ratio),
// the Coffer server's peak RSS while streaming them (and, reported apart, at sign-in and while listing), a 1-byte Range read near the end of the 1 GiB file, and listing a
// folder of 10,000 files. Sizes can be lowered for a quick look: BENCH_SIZE_MIB=256 BENCH_FILES=2000.
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Opt-in: BENCH_REPLICATION=1 measures storage replication and scrub instead (bench/replication.mjs).
if (process.env.BENCH_REPLICATION === '1') {
  await import('./replication.mjs');
  process.exit(0);
}

const here = path.dirname(fileURLToPath(import.meta.url));
const sizeMiB = Number(process.env.BENCH_SIZE_MIB ?? 1024);
const fileCount = Number(process.env.BENCH_FILES ?? 10000);
// The reference machine is a 2-core VM whose CPU time for the same upload varies by half from run to run (host load):
// more rounds make the best of each side more stable, and both sides get the same number.
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const size = sizeMiB * 1024 * 1024;
const work = mkdtempSync(path.join(tmpdir(), 'coffer-bench-'));
const children = [];

function startChild(script, dir) {
  return new Promise((resolve, reject) => {
    // The same thread-pool size bin/coffer.js gives the real server.
    // Coffer runs with the node flags its `npm start` and bin/coffer.js give it; the baseline with none.
    const nodeFlags = script === 'coffer-server.mjs' ? ['--max-semi-space-size=4'] : [];
    const child = spawn(process.execPath, [...nodeFlags, path.join(here, script), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, UV_THREADPOOL_SIZE: '16' },
    });
    children.push(child);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    let buffered = '';
    child.stdout.on('data', (data) => {
      buffered += data;
      const line = buffered.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, url: JSON.parse(line).url });
    });
  });
}

function send(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks = [];
      let bytes = 0;
      res.on('data', (c) => {
        bytes += c.length;
        if (chunks.length < 64 && bytes < 64 * 1024 * 1024) chunks.push(c);
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body && typeof body.pipe === 'function') body.pipe(req);
    else req.end(body);
  });
}

async function timed(work) {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

const peakRss = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
/** Linux's "reset the peak" knob: from here on VmHWM counts only what comes after (proc(5), clear_refs). */
const resetPeakRss = (pid) => writeFileSync(`/proc/${pid}/clear_refs`, '5');
const phases = [];
const notePeak = (pid, phase) => phases.push(`${phase} ${peakRss(pid).toFixed(0)}`);
/** Runs each piece of work once per round, in turn, and keeps each one's fastest run. */
async function interleavedBest(rounds, works) {
  const best = works.map(() => undefined);
  for (let round = 0; round < rounds; round++) {
    for (const [i, work] of works.entries()) {
      const run = await timed(work);
      if (!best[i] || run.ms < best[i].ms) best[i] = run;
    }
  }
  return best;
}
const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  const source = path.join(work, 'source.bin');
  const fd = openSync(source, 'w');
  const block = Buffer.alloc(8 * 1024 * 1024);
  for (let written = 0; written < size; written += block.length) writeSync(fd, randomFillSync(block), 0, Math.min(block.length, size - written));
  closeSync(fd);

  const baseline = await startChild('baseline-server.mjs', mkdtempSync(path.join(work, 'baseline-')));
  const coffer = await startChild('coffer-server.mjs', path.join(work, 'coffer-data'));
  const api = `${coffer.url}/api/v1`;
  const signIn = await send('POST', `${api}/auth/sign-in`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 1234' }),
  });
  const { token, user } = JSON.parse(signIn.text);
  // Creating the admin and signing in each run Argon2id with 64 MiB (docs/format.md): a fixed, momentary cost of any
  // sign-in, reported apart from what streaming 1 GiB through the server costs.
  const startupPeak = peakRss(coffer.child.pid);
  resetPeakRss(coffer.child.pid);
  const auth = { authorization: `Bearer ${token}` };

  // Baseline and Coffer take turns, five rounds (BENCH_ROUNDS), and the best round of each counts: on a shared machine a
  // burst of load from elsewhere then hits both sides alike instead of whichever happened to run during it.
  const uploadBody = () => ({ 'content-length': size });
  let uploads = 0;
  const [baseUp, baseUpDurable, up] = await interleavedBest(rounds, [
    () => send('PUT', `${baseline.url}/file`, { headers: uploadBody(), body: createReadStream(source) }),
    () => send('PUT', `${baseline.url}/file?durable=1`, { headers: uploadBody(), body: createReadStream(source) }),
    () =>
      send('POST', `${api}/files?parentId=${user.rootFolderId}&name=big-${uploads++}.bin`, {
        headers: { ...auth, ...uploadBody(), 'content-type': 'application/octet-stream' },
        body: createReadStream(source),
      }),
  ]);
  if (up.result.status !== 201) throw new Error(`upload failed: ${up.result.status} ${up.result.text}`);
  notePeak(coffer.child.pid, 'after uploads');
  const fileId = JSON.parse(up.result.text).id;
  const [baseDown, down] = await interleavedBest(rounds, [
    () => send('GET', `${baseline.url}/file`),
    () => send('GET', `${api}/files/${fileId}/content`, { headers: auth }),
  ]);
  notePeak(coffer.child.pid, 'after downloads');
  const transferPeak = peakRss(coffer.child.pid);
  if (down.result.bytes !== size || baseDown.result.bytes !== size) throw new Error('a download returned the wrong number of bytes');

  const rangeTimes = [];
  for (let i = 0; i < 21; i++) {
    const offset = size - 1 - i * 4097;
    const r = await timed(() => send('GET', `${api}/files/${fileId}/content`, { headers: { ...auth, range: `bytes=${offset}-${offset}` } }));
    if (r.result.status !== 206 || r.result.bytes !== 1) throw new Error('range read failed');
    rangeTimes.push(r.ms);
  }

  const folder = JSON.parse(
    (
      await send('POST', `${api}/folders`, {
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ parentId: user.rootFolderId, name: 'many' }),
      })
    ).text,
  );
  const fill = await timed(async () => {
    let next = 0;
    const worker = async () => {
      while (next < fileCount) {
        const n = next++;
        const r = await send('POST', `${api}/files?parentId=${folder.id}&name=file-${n}.txt`, {
          headers: { ...auth, 'content-type': 'text/plain' },
          body: `file ${n}`,
        });
        if (r.status !== 201) throw new Error(`small upload failed: ${r.status} ${r.text}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  });
  notePeak(coffer.child.pid, 'after filling the folder');
  const beforeListing = peakRss(coffer.child.pid);
  resetPeakRss(coffer.child.pid);
  const listTimes = [];
  for (let i = 0; i < 7; i++) {
    const r = await timed(() => send('GET', `${api}/folders/${folder.id}/children?limit=10000`, { headers: auth }));
    if (r.result.status !== 200 || JSON.parse(r.result.text).total !== fileCount) throw new Error('listing failed');
    listTimes.push(r.ms);
  }
  const listingPeak = peakRss(coffer.child.pid);
  // Transfers are timed as the best of `rounds` interleaved rounds; each Coffer upload wrote its own file.

  const rows = [
    ['upload 1 file', `${sizeMiB} MiB`, mbps(size, up.ms), mbps(size, baseUp.ms), mbps(size, up.ms) / mbps(size, baseUp.ms), '>= 0.8'],
    [
      '  vs durable',
      `${sizeMiB} MiB`,
      mbps(size, up.ms),
      mbps(size, baseUpDurable.ms),
      mbps(size, up.ms) / mbps(size, baseUpDurable.ms),
      '(baseline fsyncs too)',
    ],
    ['download 1 file', `${sizeMiB} MiB`, mbps(size, down.ms), mbps(size, baseDown.ms), mbps(size, down.ms) / mbps(size, baseDown.ms), '>= 0.8'],
  ];
  console.log(`\nCoffer benchmark (node ${process.version}, ${new Date().toISOString()}; transfers: best of ${rounds} interleaved rounds)`);
  console.log('operation        size      coffer MB/s  baseline MB/s  ratio  target');
  for (const [op, s, c, b, ratio, target] of rows)
    console.log(`${op.padEnd(16)} ${s.padEnd(9)} ${c.toFixed(0).padStart(11)}  ${b.toFixed(0).padStart(13)}  ${ratio.toFixed(2).padStart(5)}  ${target}`);
  console.log(`coffer server peak RSS during the 1 GiB transfers: ${transferPeak.toFixed(0)} MB (target < 200)`);
  console.log(`  before them (start, admin creation and sign-in, each Argon2id at 64 MiB): ${startupPeak.toFixed(0)} MB`);
  console.log(`  after them, MB: ${phases.join(', ')}; while listing ${fileCount} files (7 times): ${listingPeak.toFixed(0)} MB`);
  console.log(`  highest of all: ${Math.max(startupPeak, beforeListing, listingPeak).toFixed(0)} MB`);
  console.log(`1-byte Range read near the end: median ${median(rangeTimes).toFixed(1)} ms over ${rangeTimes.length} (target < 20)`);
  console.log(
    `listing a folder of ${fileCount} files: median ${median(listTimes).toFixed(0)} ms over ${listTimes.length} (target < 300); filling it took ${(fill.ms / 1000).toFixed(1)} s`,
  );
} finally {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
