// `node bench/auth-timing.mjs` (after `npm run build`): the time of a password sign-in (Argon2id at the stored
// parameters included) and of one authenticated request (session lookup, verifier, master-key unwrap), over real
// HTTP on loopback against an embedded SQLite server. AUTH_BENCH_SIGNINS and AUTH_BENCH_REQUESTS set the counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFirstAdmin, startServer } from '../dist/app/index.js';
import { loadConfig } from '../dist/config/index.js';

const signIns = Number(process.env.AUTH_BENCH_SIGNINS ?? 10);
const requests = Number(process.env.AUTH_BENCH_REQUESTS ?? 300);
const dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-auth-bench-'));
const email = 'bench@example.com';
const password = 'a benchmark password';

const config = loadConfig({ COFFER_DATA_DIR: dataDir, COFFER_PORT: '0', COFFER_LOG_LEVEL: 'silent' }, dataDir);
await createFirstAdmin(config, email, password);
const server = await startServer(config, () => undefined);
const api = `${server.url}/api/v1`;

const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: +at(0.5).toFixed(2), p90: +at(0.9).toFixed(2), n: sorted.length };
};
const timed = async (fn) => {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

try {
  let token;
  const signInMs = [];
  for (let i = 0; i < signIns; i++) {
    signInMs.push(
      await timed(async () => {
        const response = await fetch(`${api}/auth/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password, kind: 'token', label: 'bench' }),
        });
        if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
        token = (await response.json()).token;
      }),
    );
  }
  const requestMs = [];
  for (let i = 0; i < requests; i++) {
    requestMs.push(
      await timed(async () => {
        const response = await fetch(`${api}/me`, { headers: { authorization: `Bearer ${token}` } });
        if (response.status !== 200) throw new Error(`/me failed: ${response.status}`);
        await response.arrayBuffer();
      }),
    );
  }
  console.log(JSON.stringify({ signInMs: stats(signInMs), sessionRequestMs: stats(requestMs.slice(10)) }));
} finally {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
