import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from './cli-error.js';
import { configDirFor, deleteCredentials, readCredentials, saveCredentials } from './credentials.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'coffer-credentials-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const credentials = { server: 'https://drive.example.com', token: 'secret-token', email: 'ada@example.com', savedAt: '2025-01-01T00:00:00.000Z' };
const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('credentials file', () => {
  it('is written with mode 0600 in a 0700 folder, and read back', async () => {
    const dir = join(root, 'nested', 'coffer');
    const file = await saveCredentials(dir, credentials);

    expect(file).toBe(join(dir, 'credentials.json'));
    expect(await mode(file)).toBe(0o600);
    expect(await mode(dir)).toBe(0o700);
    expect(await readCredentials(dir)).toEqual(credentials);
  });

  it('tightens an existing folder and replaces an existing file', async () => {
    const dir = join(root, 'coffer');
    await mkdir(dir, { mode: 0o755 });
    await writeFile(join(dir, 'credentials.json'), '{}', { mode: 0o644 });
    await saveCredentials(dir, credentials);

    expect(await mode(dir)).toBe(0o700);
    expect(await mode(join(dir, 'credentials.json'))).toBe(0o600);
  });

  it('is undefined when missing and an auth error when damaged', async () => {
    expect(await readCredentials(root)).toBeUndefined();
    await writeFile(join(root, 'credentials.json'), 'not json');
    await expect(readCredentials(root)).rejects.toBeInstanceOf(CliError);
  });

  it('is deleted on logout', async () => {
    await saveCredentials(root, credentials);
    expect(await deleteCredentials(root)).toBe(true);
    expect(await deleteCredentials(root)).toBe(false);
    await expect(readFile(join(root, 'credentials.json'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('configDirFor', () => {
  it('prefers the flag or COFFER_CONFIG_DIR value, then XDG_CONFIG_HOME, then ~/.config', () => {
    expect(configDirFor('/x', { XDG_CONFIG_HOME: '/xdg' })).toBe('/x');
    expect(configDirFor(undefined, { XDG_CONFIG_HOME: '/xdg', HOME: '/home/ada' })).toBe('/xdg/coffer');
    expect(configDirFor(undefined, { HOME: '/home/ada' })).toBe('/home/ada/.config/coffer');
  });
});
