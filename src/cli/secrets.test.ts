import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-error.js';
import { readPassphrase, readSecret, readSecretLines, stripOneNewline } from './secrets.js';
import { memoryIo } from './testing/memory-io.js';

const request = { stdinFlag: 'password-stdin', prompt: 'Password: ' };

describe('stripOneNewline', () => {
  it.each([
    ['pw\n', 'pw'],
    ['pw\r\n', 'pw'],
    ['pw\n\n', 'pw\n'],
    ['pw', 'pw'],
    [' pw \n', ' pw '],
  ])('%j → %j', (input, output) => expect(stripOneNewline(input)).toBe(output));
});

describe('--password-stdin', () => {
  it('reads the whole of stdin and strips one trailing newline', async () => {
    const io = memoryIo({ stdin: 'correct horse battery staple\n' });
    expect(await readSecret(io, { ...request, fromStdin: true })).toBe('correct horse battery staple');
  });

  it('keeps inner whitespace and all but the last newline', async () => {
    expect(await readSecret(memoryIo({ stdin: ' a b\n\n' }), { ...request, fromStdin: true })).toBe(' a b\n');
  });

  it('refuses an empty stdin', async () => {
    await expect(readSecret(memoryIo({ stdin: '\n' }), { ...request, fromStdin: true })).rejects.toBeInstanceOf(UsageError);
  });

  it('fails with a usage error naming the flag when stdin is not a terminal and the flag is missing', async () => {
    const error = await readSecret(memoryIo({ stdin: 'pw\n' }), { ...request, fromStdin: false }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain('--password-stdin');
  });

  it('reads two lines for passwd', async () => {
    expect(await readSecretLines(memoryIo({ stdin: 'old pw\nnew pw\n' }), 'password-stdin', 2)).toEqual(['old pw', 'new pw']);
    await expect(readSecretLines(memoryIo({ stdin: 'only one\n' }), 'password-stdin', 2)).rejects.toBeInstanceOf(UsageError);
  });
});

describe('file passphrases', () => {
  it('come from stdin or a file, one trailing newline stripped', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'coffer-passphrase-'));
    try {
      await writeFile(join(dir, 'p'), 'from file\n');
      expect(await readPassphrase(memoryIo({ stdin: 'from stdin\n' }), { 'passphrase-stdin': true, 'passphrase-file': undefined })).toBe('from stdin');
      expect(await readPassphrase(memoryIo(), { 'passphrase-stdin': false, 'passphrase-file': join(dir, 'p') })).toBe('from file');
      expect(await readPassphrase(memoryIo(), { 'passphrase-stdin': false, 'passphrase-file': undefined })).toBeUndefined();
      await expect(readPassphrase(memoryIo(), { 'passphrase-stdin': false, 'passphrase-file': join(dir, 'missing') })).rejects.toMatchObject({
        code: 'local.not_found',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('cannot come from both places', async () => {
    await expect(readPassphrase(memoryIo({ stdin: 'x' }), { 'passphrase-stdin': true, 'passphrase-file': '/p' })).rejects.toBeInstanceOf(UsageError);
  });
});
