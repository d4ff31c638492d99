import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const cwd = '/srv/coffer';
const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function problemsFor(env: Record<string, string>): string[] {
  try {
    loadConfig(env, cwd);
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('COFFER_STORAGE', () => {
  it('defaults to one local folder, the blob folder', () => {
    expect(loadConfig({ COFFER_BLOB_DIR: '/mnt/blobs' }, cwd)).toMatchObject({ storage: [{ type: 'local', path: '/mnt/blobs' }], storageWriteQuorum: 1 });
  });

  it('reads a local folder and an S3 bucket, resolving the folder against dataDir', () => {
    const storage = JSON.stringify([
      { type: 'local', path: 'blobs-a' },
      {
        type: 's3',
        endpoint: 'https://s3.example.com',
        region: 'eu-1',
        bucket: 'coffer-blobs',
        prefix: 'x/',
        forcePathStyle: true,
        accessKeyId: 'AKIA',
        secretAccessKey: secret,
      },
    ]);
    const config = loadConfig({ COFFER_STORAGE: storage, COFFER_STORAGE_WRITE_QUORUM: '1' }, cwd);
    expect(config.storage).toEqual([
      { type: 'local', path: '/srv/coffer/data/blobs-a' },
      {
        type: 's3',
        endpoint: 'https://s3.example.com',
        region: 'eu-1',
        bucket: 'coffer-blobs',
        prefix: 'x/',
        forcePathStyle: true,
        accessKeyId: 'AKIA',
        secretAccessKey: secret,
      },
    ]);
    expect(config.storageWriteQuorum).toBe(1);
    expect(loadConfig({ COFFER_STORAGE: storage }, cwd).storageWriteQuorum).toBe(2);
  });

  it('fills in S3 defaults and leaves credentials to the SDK when none are given', () => {
    const config = loadConfig({ COFFER_STORAGE: '[{"type":"s3","bucket":"my-bucket"}]' }, cwd);
    expect(config.storage).toEqual([{ type: 's3', bucket: 'my-bucket', region: 'us-east-1', prefix: '', forcePathStyle: false }]);
  });

  it('takes a plain array in the config file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'coffer-config-'));
    try {
      await writeFile(
        path.join(dir, 'coffer.json'),
        JSON.stringify({
          storage: [
            { type: 'local', path: '/a' },
            { type: 'local', path: '/b' },
          ],
          storageWriteQuorum: 1,
        }),
      );
      const config = loadConfig({ COFFER_CONFIG_FILE: 'coffer.json' }, dir);
      expect(config.storage).toEqual([
        { type: 'local', path: '/a' },
        { type: 'local', path: '/b' },
      ]);
      expect(config.storageWriteQuorum).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['not json', 'it is not valid JSON'],
    ['[]', 'at least one backend'],
    ['[{"type":"ftp"}]', 'backend 1: "type" must be "local" or "s3"'],
    ['[{"type":"local"}]', 'backend 1: a local backend needs a "path"'],
    ['[{"type":"local","path":"/a"},{"type":"s3"}]', 'backend 2: an s3 backend needs a "bucket"'],
    ['[{"type":"s3","bucket":"ok-bucket","endpiont":"https://x"}]', 'does not take "endpiont"'],
    ['[{"type":"s3","bucket":"ok-bucket","endpoint":"ftp://x"}]', '"endpoint" must be an http:// or https:// URL'],
    [`[{"type":"s3","bucket":"ok-bucket","secretAccessKey":"${secret}"}]`, 'give both "accessKeyId" and "secretAccessKey", or neither'],
  ])('rejects %s and says how to fix it, never showing the value', (value, reason) => {
    const problems = problemsFor({ COFFER_STORAGE: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('COFFER_STORAGE must be a JSON array of local and s3 backends');
    expect(problems[0]).toContain(reason);
    expect(problems[0]).toContain('the value is not shown');
    expect(problems[0]).not.toContain(secret);
  });

  it('rejects a write quorum larger than the number of backends', () => {
    expect(problemsFor({ COFFER_STORAGE_WRITE_QUORUM: '2' })).toEqual([
      'COFFER_STORAGE_WRITE_QUORUM is 2, but COFFER_STORAGE lists 1 backend. Lower the quorum or add backends.',
    ]);
    expect(problemsFor({ COFFER_STORAGE_WRITE_QUORUM: 'most' })[0]).toContain('COFFER_STORAGE_WRITE_QUORUM must be all, or a whole number');
  });

  it('reads the scrub interval, 0 turning it off', () => {
    expect(loadConfig({ COFFER_SCRUB_INTERVAL: '0' }, cwd).scrubIntervalMs).toBe(0);
    expect(loadConfig({ COFFER_SCRUB_INTERVAL: '1d' }, cwd).scrubIntervalMs).toBe(86_400_000);
    expect(problemsFor({ COFFER_SCRUB_INTERVAL: '10s' })[0]).toContain('COFFER_SCRUB_INTERVAL must be a duration between 1m and 24d');
  });
});
