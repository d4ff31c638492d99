// Opt-in section of `npm run bench` (BENCH_REPLICATION=1): upload throughput with one storage backend against two
// (two local folders; a local folder and an S3 bucket on s3rver), and scrub throughput (MB/s verified over every
// backend), all in one run on one machine. BENCH_SIZE_MIB sets the file size (default 256).
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFirstAdmin, startServer } from '../dist/app/index.js';
import { loadConfig } from '../dist/config/index.js';

const sizeMiB = Number(process.env.BENCH_SIZE_MIB ?? 256);
const size = sizeMiB * 1024 * 1024;
const work = mkdtempSync(path.join(tmpdir(), 'coffer-bench-replication-'));

function send(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body && typeof body.pipe === 'function') body.pipe(req);
    else req.end(body);
  });
}

/** s3rver in a child process, so it does not share the server's event loop. */
function startS3rver(dir) {
  const script = `
    const S3rver = require('s3rver');
    new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: ${JSON.stringify(dir)}, configureBuckets: [{ name: 'bench' }] })
      .run().then(({ port }) => console.log(JSON.stringify({ port })));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => child.stdout.once('data', (d) => resolve({ child, endpoint: `http://127.0.0.1:${JSON.parse(d).port}` })));
}

async function measure(label, storage) {
  const dataDir = mkdtempSync(path.join(work, 'data-'));
  const env = { COFFER_DATA_DIR: dataDir, COFFER_PORT: '0', COFFER_LOG_LEVEL: 'warn', COFFER_DEFAULT_QUOTA: '0', COFFER_SCRUB_INTERVAL: '0' };
  const config = loadConfig(storage ? { ...env, COFFER_STORAGE: JSON.stringify(storage) } : env, dataDir);
  await createFirstAdmin(config, 'bench@example.com', 'bench password 1234');
  const server = await startServer(config, () => undefined);
  try {
    const api = `${server.url}/api/v1`;
    const signIn = await send('POST', `${api}/auth/sign-in`, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 1234' }),
    });
    const { token, user } = JSON.parse(signIn.text);
    let best = Infinity;
    for (let run = 0; run < 2; run++) {
      const start = performance.now();
      const up = await send('POST', `${api}/files?parentId=${user.rootFolderId}&name=big-${run}.bin`, {
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': String(size) },
        body: createReadStream(path.join(work, 'source.bin')),
      });
      if (up.status !== 201) throw new Error(`upload failed: ${up.status} ${up.text}`);
      best = Math.min(best, performance.now() - start);
    }
    const report = await server.services.scrubber.run();
    if (report.unrepaired !== 0) throw new Error('the scrub found problems in a fresh store');
    return { label, uploadMBps: size / 1e6 / (best / 1000), scrubMBps: report.megabytesPerSecond, scrubbedMB: report.bytesVerified / 1e6 };
  } finally {
    await server.close();
  }
}

let s3;
try {
  const fd = openSync(path.join(work, 'source.bin'), 'w');
  const block = Buffer.alloc(8 * 1024 * 1024);
  for (let written = 0; written < size; written += block.length) writeSync(fd, randomFillSync(block), 0, Math.min(block.length, size - written));
  closeSync(fd);
  s3 = await startS3rver(mkdtempSync(path.join(work, 's3rver-')));
  const bucket = {
    type: 's3',
    endpoint: s3.endpoint,
    region: 'us-east-1',
    bucket: 'bench',
    forcePathStyle: true,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
  const rows = [
    await measure('one local folder', undefined),
    await measure('two local folders', [
      { type: 'local', path: 'a' },
      { type: 'local', path: 'b' },
    ]),
    await measure('S3 bucket (s3rver)', [bucket]),
    await measure('local folder + S3 bucket', [
      { type: 'local', path: 'a' },
      { ...bucket, prefix: 'pair/' },
    ]),
  ];
  console.log(`\nReplication, ${sizeMiB} MiB file, best of 2 uploads; scrub reads every copy on every backend\n`);
  console.log('| storage | upload MB/s | vs one folder | scrub MB/s verified | scrubbed MB |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(
      `| ${row.label} | ${row.uploadMBps.toFixed(0)} | ${(row.uploadMBps / rows[0].uploadMBps).toFixed(2)} | ${row.scrubMBps.toFixed(0)} | ${row.scrubbedMB.toFixed(0)} |`,
    );
  }
} finally {
  s3?.child.kill();
  rmSync(work, { recursive: true, force: true });
}
