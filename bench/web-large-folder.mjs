// `npm run bench:web`: the web app with a folder of 10,000 files, in Debian's Chromium.
// Figures: time from navigation to the first rows of the folder on screen (listing and decrypting
// 10,000 names included), then a scroll from top to bottom in 200 animation frames: frame times and
// how many rows the DOM holds (the list is virtualized). BENCH_FILES lowers the count for a quick look.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const fileCount = Number(process.env.BENCH_FILES ?? 10000);
const work = mkdtempSync(path.join(tmpdir(), 'coffer-bench-web-'));
const child = spawn(process.execPath, [path.join(here, 'coffer-server.mjs'), work], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  child.stdout.once('data', (data) => resolve(JSON.parse(String(data)).url));
});
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const api = `${url}/api/v1`;
  const signIn = await fetch(`${api}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 1234' }),
  });
  const { token, user } = await signIn.json();
  const auth = { authorization: `Bearer ${token}` };
  const folder = await (
    await fetch(`${api}/folders`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ parentId: user.rootFolderId, name: 'many' }),
    })
  ).json();
  const fillStart = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < fileCount) {
      const n = next++;
      const r = await fetch(`${api}/files?parentId=${folder.id}&name=file-${n}.txt`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'text/plain' },
        body: `file ${n}`,
      });
      if (r.status !== 201) throw new Error(`upload failed: ${r.status}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  console.log(`filled ${fileCount} files in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email').fill('bench@example.com');
  await page.getByLabel('Password').fill('bench password 1234');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Folder path' }).waitFor();

  const renders = [];
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    await page.goto(`${url}/files/many`);
    await page.locator(`[role="grid"][aria-rowcount="${fileCount}"] [data-testid="file-item"]`).first().waitFor({ timeout: 60_000 });
    renders.push(performance.now() - start);
  }
  page.on('pageerror', (err) => {
    throw new Error(`the page failed: ${err.message}`);
  });
  const scroll = await page.evaluate(async () => {
    const list = document.querySelector('.file-list');
    const frames = [];
    const steps = 200;
    let last = performance.now();
    const start = last;
    for (let step = 1; step <= steps; step++) {
      list.scrollTop = (list.scrollHeight - list.clientHeight) * (step / steps);
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    frames.sort((a, b) => a - b);
    const rendered = [...document.querySelectorAll('[data-testid="file-item"]')];
    const lastName = rendered[rendered.length - 1]?.getAttribute('data-name');
    return {
      totalMs: performance.now() - start,
      medianStepMs: frames[Math.floor(frames.length / 2)],
      p95StepMs: frames[Math.floor(frames.length * 0.95)],
      maxStepMs: frames[frames.length - 1],
      rowsInDom: rendered.length,
      lastName,
    };
  });
  renders.sort((a, b) => a - b);
  console.log(`folder of ${fileCount} files: first rows on screen after ${renders[1].toFixed(0)} ms (median of 3 page loads, listing included)`);
  console.log(
    `scroll top→bottom in 200 steps (each step = 2 animation frames): ${scroll.totalMs.toFixed(0)} ms total, step median ${scroll.medianStepMs.toFixed(1)} ms, p95 ${scroll.p95StepMs.toFixed(1)} ms, max ${scroll.maxStepMs.toFixed(1)} ms; ${scroll.rowsInDom} rows in the DOM at the end (last: ${scroll.lastName})`,
  );
} finally {
  await browser.close();
  child.kill();
  rmSync(work, { recursive: true, force: true });
}
