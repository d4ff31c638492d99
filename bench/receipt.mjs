// Receipt figures: the size of a version receipt and the time `coffer verify FILE RECEIPT` takes for a large file,
// through the built CLI against a built server. Run: `npm run build && node bench/receipt.mjs`
// (BENCH_SIZE_MIB=256 for a quicker look; default 1024 = 1 GiB).
import { spawn, spawnSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '..', 'bin', 'coffer.js');
const sizeMiB = Number(process.env.BENCH_SIZE_MIB ?? 1024);
const work = mkdtempSync(path.join(tmpdir(), 'coffer-receipt-bench-'));
const env = { ...process.env, COFFER_CONFIG_DIR: path.join(work, 'config') };

const server = spawn(process.execPath, [path.join(here, 'coffer-server.mjs'), path.join(work, 'data')], { stdio: ['ignore', 'pipe', 'inherit'] });
try {
  const url = await new Promise((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    server.stdout.once('data', (line) => resolve(JSON.parse(String(line)).url));
  });
  const coffer = (args, input) => {
    const started = process.hrtime.bigint();
    const result = spawnSync(process.execPath, [bin, ...args], { env, input, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.status !== 0) throw new Error(`coffer ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
    return { stdout: result.stdout, seconds };
  };

  const file = path.join(work, 'big.bin');
  const fd = openSync(file, 'w');
  const piece = Buffer.alloc(8 * 1024 * 1024);
  for (let written = 0; written < sizeMiB * 1024 * 1024; written += piece.length) {
    writeSync(fd, randomFillSync(piece), 0, Math.min(piece.length, sizeMiB * 1024 * 1024 - written));
  }
  closeSync(fd);

  coffer(['login', '--server', url, '--email', 'bench@example.com', '--password-stdin'], 'bench password 1234\n');
  const upload = coffer(['upload', file, '/']);
  const receipt = coffer(['receipt', '/big.bin']).stdout;
  const receiptFile = path.join(work, 'big.receipt.json');
  writeFileSync(receiptFile, receipt);
  const verify = coffer(['verify', file, receiptFile]);
  const noop = coffer(['help']);
  console.log(
    JSON.stringify(
      {
        fileMiB: sizeMiB,
        objects: JSON.parse(receipt).objects.length,
        receiptBytes: Buffer.byteLength(receipt),
        uploadSeconds: +upload.seconds.toFixed(2),
        verifySeconds: +verify.seconds.toFixed(2),
        cliStartupSeconds: +noop.seconds.toFixed(2),
        verifyMBps: +((sizeMiB * 1.048576) / verify.seconds).toFixed(1),
      },
      null,
      2,
    ),
  );
} finally {
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
