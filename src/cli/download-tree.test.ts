import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { safeLocalName, writeAtomically } from './download-tree.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'coffer-download-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function streamOf(chunks: string[], failAtEnd?: Error): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk !== undefined) controller.enqueue(new TextEncoder().encode(chunk));
      else if (failAtEnd) controller.error(failAtEnd);
      else controller.close();
    },
  });
}

describe('writeAtomically', () => {
  it('renames into place once the stream ended, replacing an older file', async () => {
    const target = join(dir, 'a.txt');
    await writeFile(target, 'old');
    const progress: number[] = [];
    expect(await writeAtomically(streamOf(['new ', 'content']), target, (n) => progress.push(n))).toBe(11);
    expect(await readFile(target, 'utf8')).toBe('new content');
    expect(progress).toEqual([4, 11]);
    expect(await readdir(dir)).toEqual(['a.txt']);
  });

  it('leaves neither a partial file nor a temp file when the stream fails, and keeps the old file', async () => {
    const target = join(dir, 'a.txt');
    await writeFile(target, 'old');
    await expect(writeAtomically(streamOf(['partial'], new Error('connection reset')), target, () => undefined)).rejects.toThrow('connection reset');
    expect(await readdir(dir)).toEqual(['a.txt']);
    expect(await readFile(target, 'utf8')).toBe('old');
  });
});

describe('safeLocalName', () => {
  it.each(['', '.', '..', 'a/b', 'a\\b', 'nul\0'])('refuses %j', (name) => {
    expect(() => safeLocalName(name)).toThrow(CliError);
  });

  it('accepts ordinary names', () => {
    expect(safeLocalName('report (1).pdf')).toBe('report (1).pdf');
  });
});
