// `npm run bench:dav`: WebDAV figures, each against a baseline measured in the same run.
// - upload (PUT) and download (GET) of one file through Coffer's /dav/ and through `rclone serve webdav`
//   on a local folder (no encryption, no database): MB/s and their ratio;
// - PROPFIND depth 1 on a folder of BENCH_FILES (10,000) files, the properties rclone asks for, and allprop.
// Sizes can be lowered for a quick look: BENCH_SIZE_MIB=256 BENCH_FILES=2000.
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const sizeMiB = Number(process.env.BENCH_SIZE_MIB ?? 1024);
const fileCount = Number(process.env.BENCH_FILES ?? 10000);
const size = sizeMiB * 1024 * 1024;
const work = mkdtempSync(path.join(tmpdir(), 'coffer-bench-dav-'));
const children = [];

function send(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks = [];
      let bytes = 0;
      res.on('data', (c) => {
        bytes += c.length;
        if (bytes < 64 * 1024 * 1024) chunks.push(c);
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
async function bestOf(runs, work) {
  let best;
  for (let i = 0; i < runs; i++) {
    const run = await timed(work);
    if (!best || run.ms < best.ms) best = run;
  }
  return best;
}
const mbps = (bytes, ms) => bytes / 1e6 / (ms / 1000);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function startCoffer(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, 'coffer-server.mjs'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, UV_THREADPOOL_SIZE: '16' },
    });
    children.push(child);
    child.once('exit', (code) => reject(new Error(`coffer exited with ${code}`)));
    let buffered = '';
    child.stdout.on('data', (data) => {
      buffered += data;
      const line = buffered.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, url: JSON.parse(line).url });
    });
  });
}

async function startRclone(dir) {
  const port = await freePort();
  const child = spawn('rclone', ['serve', 'webdav', dir, '--addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'ignore'] });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const up = await send('OPTIONS', `${url}/`).catch(() => undefined);
    if (up) return { child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('rclone serve webdav did not start');
}

const rclonePropfind =
  '<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:displayname/><d:getlastmodified/><d:getcontentlength/><d:resourcetype/><d:getcontenttype/></d:prop></d:propfind>';

try {
  const source = path.join(work, 'source.bin');
  const fd = openSync(source, 'w');
  const block = Buffer.alloc(8 * 1024 * 1024);
  for (let written = 0; written < size; written += block.length) writeSync(fd, randomFillSync(block), 0, Math.min(block.length, size - written));
  closeSync(fd);

  const rcloneDir = path.join(work, 'rclone-folder');
  mkdirSync(rcloneDir);
  const baseline = await startRclone(rcloneDir);
  const coffer = await startCoffer(path.join(work, 'coffer-data'));
  const signIn = await send('POST', `${coffer.url}/api/v1/auth/sign-in`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 1234', kind: 'token', label: 'bench' }),
  });
  const { token } = JSON.parse(signIn.text);
  const auth = { authorization: `Basic ${Buffer.from(`bench@example.com:${token}`).toString('base64')}` };

  let n = 0;
  const baseUp = await bestOf(2, () => send('PUT', `${baseline.url}/big-${n++}.bin`, { headers: { 'content-length': size }, body: createReadStream(source) }));
  const baseDown = await bestOf(2, () => send('GET', `${baseline.url}/big-0.bin`));
  const up = await bestOf(2, () =>
    send('PUT', `${coffer.url}/dav/big-${n++}.bin`, { headers: { ...auth, 'content-length': size }, body: createReadStream(source) }),
  );
  if (up.result.status !== 201) throw new Error(`WebDAV upload failed: ${up.result.status} ${up.result.text}`);
  const down = await bestOf(2, () => send('GET', `${coffer.url}/dav/big-${n - 1}.bin`, { headers: auth }));
  // The same file through the REST API, to tell WebDAV's own cost from the engine's.
  const bearer = { authorization: `Bearer ${token}` };
  const resolveBig = await send('GET', `${coffer.url}/api/v1/resolve?path=${encodeURIComponent(`/big-${n - 1}.bin`)}`, { headers: bearer });
  const bigId = JSON.parse(resolveBig.text).node.id;
  const restDown = await bestOf(2, () => send('GET', `${coffer.url}/api/v1/files/${bigId}/content`, { headers: bearer }));
  if (down.result.bytes !== size || baseDown.result.bytes !== size || restDown.result.bytes !== size)
    throw new Error('a download returned the wrong number of bytes');

  await send('MKCOL', `${coffer.url}/dav/many/`, { headers: auth });
  const fill = await timed(async () => {
    let next = 0;
    const worker = async () => {
      while (next < fileCount) {
        const i = next++;
        const r = await send('PUT', `${coffer.url}/dav/many/file-${i}.txt`, { headers: auth, body: `file ${i}` });
        if (r.status !== 201) throw new Error(`small upload failed: ${r.status} ${r.text}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  });
  const propfindTimes = { rclone: [], allprop: [] };
  for (const [kind, body] of [
    ['rclone', rclonePropfind],
    ['allprop', undefined],
  ]) {
    for (let i = 0; i < 5; i++) {
      const r = await timed(() => send('PROPFIND', `${coffer.url}/dav/many/`, { headers: { ...auth, depth: '1', 'content-type': 'application/xml' }, body }));
      const count = (r.result.text.match(/<D:response>/g) ?? []).length;
      if (r.result.status !== 207 || count !== fileCount + 1) throw new Error(`PROPFIND failed: ${r.result.status}, ${count} responses`);
      propfindTimes[kind].push(r.ms);
    }
  }
  const manyId = JSON.parse((await send('GET', `${coffer.url}/api/v1/resolve?path=%2Fmany`, { headers: bearer })).text).node.id;
  const restList = [];
  for (let i = 0; i < 5; i++) {
    const r = await timed(() => send('GET', `${coffer.url}/api/v1/folders/${manyId}/children?limit=${fileCount}`, { headers: bearer }));
    if (r.result.status !== 200) throw new Error(`listing failed: ${r.result.status}`);
    restList.push(r.ms);
  }
  const rss = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${coffer.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

  console.log(`\nCoffer WebDAV benchmark (node ${process.version}, ${new Date().toISOString()})`);
  console.log('operation        size      coffer MB/s  rclone serve webdav MB/s  ratio');
  for (const [op, c, b] of [
    ['PUT 1 file', mbps(size, up.ms), mbps(size, baseUp.ms)],
    ['GET 1 file', mbps(size, down.ms), mbps(size, baseDown.ms)],
  ])
    console.log(`${op.padEnd(16)} ${`${sizeMiB} MiB`.padEnd(9)} ${c.toFixed(0).padStart(11)}  ${b.toFixed(0).padStart(24)}  ${(c / b).toFixed(2).padStart(5)}`);
  console.log(`(same file through the REST API: GET ${mbps(size, restDown.ms).toFixed(0)} MB/s)`);
  console.log(
    `PROPFIND depth 1 on ${fileCount} files: median ${median(propfindTimes.rclone).toFixed(0)} ms (rclone's properties), ${median(propfindTimes.allprop).toFixed(0)} ms (allprop), over 5 each; REST listing of the same folder ${median(restList).toFixed(0)} ms; filling the folder by PUT took ${(fill.ms / 1000).toFixed(1)} s`,
  );
  console.log(`coffer server peak RSS: ${rss.toFixed(0)} MB`);
} finally {
  for (const child of children) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
}
