import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressBar } from './progress.js';

function terminal() {
  let text = '';
  const stream = Object.assign(new PassThrough(), { columns: 80 });
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

describe('progress bar', () => {
  it('redraws in place with percentage, amounts and rate, at most every 100 ms', () => {
    let now = 0;
    const out = terminal();
    const bar = createProgressBar(out.stream, '/Docs/big.bin', 2048, () => now);
    now = 1000;
    bar.update(1024);
    bar.update(1500); // within 100 ms of the last draw: skipped
    const drawn = out.text().split('\r').filter(Boolean);
    expect(drawn).toHaveLength(1);
    expect(drawn[0]).toMatch(/^\/Docs\/big\.bin\s+\[#{10}·{10}\]\s+50%\s+1\.0 KiB \/ 2\.0 KiB\s+1\.0 KiB\/s\x1b\[K$/);
    expect(drawn[0]?.replace('\x1b[K', '').length).toBeLessThanOrEqual(79);
  });

  it('shortens long names from the left and clears itself when finished', () => {
    let now = 0;
    const out = terminal();
    const bar = createProgressBar(out.stream, `/${'deep/'.repeat(30)}file.txt`, undefined, () => (now += 200));
    bar.update(10);
    bar.finish();
    expect(out.text()).toContain('…');
    expect(out.text()).toContain('file.txt');
    expect(out.text().endsWith('\r\x1b[K')).toBe(true);
  });
});
