// Link recipient page figures, in Debian's Chromium against the built server (run `npm run build` first):
//   - time from navigating to a link to the first decrypted byte of a file (the Download click is immediate),
//   - fetch + decrypt throughput of the whole file in the page (loopback network),
//   - pure in-browser decryption speed (openObject over 4 MiB objects already in memory).
// Size: BENCH_LINK_MIB (default 100).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomFillSync } from 'node:crypto';
import { chromium } from 'playwright-core';
import { createFirstAdmin, startServer } from '../dist/app/index.js';
import { loadConfig } from '../dist/config/index.js';

const sizeMiB = Number(process.env.BENCH_LINK_MIB ?? 100);
const dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-linkbench-'));
const config = loadConfig({ COFFER_DATA_DIR: dataDir, COFFER_PORT: '0', COFFER_LOG_LEVEL: 'silent' }, dataDir);
await createFirstAdmin(config, 'bench@example.com', 'bench password 123');
const server = await startServer(config, () => undefined);
const api = `${server.url}/api/v1`;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const signIn = await (
    await fetch(`${api}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123' }),
    })
  ).json();
  const auth = { authorization: `Bearer ${signIn.token}` };
  const data = randomFillSync(Buffer.alloc(sizeMiB * 1024 * 1024));
  const uploaded = await (
    await fetch(`${api}/files?parentId=${signIn.user.rootFolderId}&name=big.bin`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream' },
      body: data,
    })
  ).json();
  const link = await (
    await fetch(`${api}/links`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ nodeId: uploaded.id }) })
  ).json();

  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(server.url + link.path);
  await page.waitForSelector('body[data-state="ready"]');
  const downloaded = page.waitForEvent('download');
  await page.click('#download');
  await page.waitForSelector('body[data-state="done"]', { timeout: 600_000 });
  await downloaded;
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
  const ready = marks['coffer-ready'];
  const clickToFirst = marks['coffer-first-byte'] - marks['coffer-download-start'];
  const transfer = (marks['coffer-decrypted'] - marks['coffer-download-start']) / 1000;

  const pure = await page.evaluate(async () => {
    const crypto = await import('/s/assets/link-crypto.js');
    // Chunks sealed here with a random AES key: this measures openObject (nonces, AES-GCM, assembly) alone.
    const size = 4 * 256 * 16384; // 4 full objects
    const objectPlain = 256 * 16384;
    const aesRaw = globalThis.crypto.getRandomValues(new Uint8Array(32));
    const aes = await globalThis.crypto.subtle.importKey('raw', aesRaw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    const baseNonce = globalThis.crypto.getRandomValues(new Uint8Array(12));
    const keys = { aes, baseNonce };
    const objects = [];
    for (let o = 0; o < 4; o++) {
      const parts = [];
      for (let c = 0; c < 256; c++) {
        const index = o * 256 + c;
        const nonce = baseNonce.slice();
        let v = index;
        for (let i = 11; i >= 7 && v > 0; i--) {
          nonce[i] ^= v % 256;
          v = Math.floor(v / 256);
        }
        parts.push(new Uint8Array(await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce }, aes, new Uint8Array(16384))));
      }
      const sealed = new Uint8Array(parts.length * 16400);
      parts.forEach((p, i) => sealed.set(p, i * 16400));
      objects.push(sealed);
    }
    // size + 1 chunk: the 4 objects are full, the (empty) final chunk would be a fifth object we do not open here.
    const t0 = performance.now();
    for (let round = 0; round < 5; round++) for (let o = 0; o < 4; o++) await crypto.openObject(keys, size, o, objects[o]);
    const seconds = (performance.now() - t0) / 1000;
    return (5 * 4 * objectPlain) / 1e6 / seconds;
  });

  const mb = data.length / 1e6;
  console.log(`file: ${sizeMiB} MiB (${mb.toFixed(1)} MB)`);
  console.log(`navigation → page ready (link opened, key unwrapped, name decrypted): ${ready.toFixed(0)} ms`);
  console.log(`click → first decrypted byte: ${clickToFirst.toFixed(0)} ms`);
  console.log(`navigation → first decrypted byte (click at ready): ${(ready + clickToFirst).toFixed(0)} ms`);
  console.log(`fetch + decrypt of the whole file in the page: ${transfer.toFixed(2)} s = ${(mb / transfer).toFixed(1)} MB/s`);
  console.log(`pure in-browser decryption (openObject, 4 MiB objects in memory): ${pure.toFixed(1)} MB/s`);
  console.log(`wall time including the save: ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  await browser.close();
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
}
