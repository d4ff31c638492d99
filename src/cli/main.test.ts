import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from './commands/index.js';
import { ExitCode } from './exit-codes.js';
import { run } from './main.js';
import { testFolder, testId, testNode, testUser } from './testing/fixtures.js';
import { memoryIo } from './testing/memory-io.js';
import { json, sendJson, startStandInServer, type StandInServer } from './testing/stand-in-server.js';

let standIn: StandInServer;
let work: string;
let env: Record<string, string>;

beforeEach(async () => {
  standIn = await startStandInServer();
  work = await mkdtemp(join(tmpdir(), 'coffer-cli-'));
  env = { COFFER_SERVER: standIn.url, COFFER_TOKEN: 'test-token', COFFER_CONFIG_DIR: join(work, 'config') };
});
afterEach(async () => {
  await standIn.close();
  await rm(work, { recursive: true, force: true });
});

async function coffer(argv: string[], options: { stdin?: string; env?: Record<string, string> } = {}) {
  const io = memoryIo({ stdin: options.stdin, env: options.env ?? env });
  const code = await run(argv, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

const root = testFolder({ id: testId(2), parentId: null, name: '' });
const docs = testFolder({ id: testId(10), parentId: testId(2), name: 'Docs' });
const resolveTo = (byPath: Record<string, unknown>) => (request: { query: URLSearchParams }, response: Parameters<typeof sendJson>[0]) => {
  const node = byPath[request.query.get('path') ?? ''];
  if (node) sendJson(response, 200, { node, path: [] });
  else sendJson(response, 404, { error: { code: 'node.not_found', message: 'No such file or folder.' } });
};

describe('help and usage', () => {
  it('prints every command for `coffer help` and exits 0', async () => {
    const { code, stdout } = await coffer(['help']);
    expect(code).toBe(ExitCode.ok);
    for (const command of commands) expect(stdout).toContain(command.name);
  });

  it("prints a command's usage for --help and for `help COMMAND`", async () => {
    expect((await coffer(['upload', '--help'])).stdout).toContain('Usage: coffer upload LOCAL [REMOTE_FOLDER]');
    expect((await coffer(['help', 'trash', 'purge'])).stdout).toContain('Usage: coffer trash purge ID_OR_NAME');
  });

  it('exits 2 with usage on stderr without a command', async () => {
    const { code, stdout, stderr } = await coffer([]);
    expect(code).toBe(ExitCode.usage);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: coffer');
  });

  it('reports usage errors as JSON on stderr with --json', async () => {
    const { code, stdout, stderr } = await coffer(['--json', 'frobnicate']);
    expect(code).toBe(ExitCode.usage);
    expect(stdout).toBe('');
    expect(JSON.parse(stderr)).toEqual({ error: { code: 'usage.invalid', message: expect.stringContaining('frobnicate') } });
  });
});

describe('ls', () => {
  beforeEach(() => {
    standIn.on('GET /api/v1/resolve', resolveTo({ '/Docs': docs }));
    standIn.on(
      'GET /api/v1/folders/' + docs.id + '/children',
      json(200, {
        folder: docs,
        items: [testFolder({ id: testId(11), name: 'Sub' }), testNode({ id: testId(12), name: 'a.txt', size: 2048 })],
        total: 2,
        nextCursor: null,
      }),
    );
  });

  it('prints a JSON array of entries with --json', async () => {
    const { code, stdout } = await coffer(['ls', '/Docs', '--json']);
    expect(code).toBe(ExitCode.ok);
    const entries = JSON.parse(stdout) as Record<string, unknown>[];
    expect(entries.map(({ name, type, size, id }) => ({ name, type, size, id }))).toEqual([
      { name: 'Sub', type: 'folder', size: 0, id: testId(11) },
      { name: 'a.txt', type: 'file', size: 2048, id: testId(12) },
    ]);
    expect(entries[0]).toHaveProperty('modifiedAt');
    expect(standIn.requests[0]?.headers.authorization).toBe('Bearer test-token');
  });

  it('prints aligned columns for people', async () => {
    const { stdout } = await coffer(['ls', 'Docs']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^TYPE\s+SIZE\s+MODIFIED\s+NAME$/);
    expect(lines[1]).toMatch(/^folder\s+-\s+\S+ \S+\s+Sub\/$/);
    expect(lines[2]).toMatch(/^file\s+2\.0 KiB\s+\S+ \S+\s+a\.txt$/);
    const nameColumn = lines[0]?.indexOf('NAME');
    expect(lines[1]?.indexOf('Sub/')).toBe(nameColumn);
    expect(lines[2]?.indexOf('a.txt')).toBe(nameColumn);
  });

  it('exits 4 with the path in the message when it does not exist', async () => {
    const { code, stderr } = await coffer(['ls', '/Nope']);
    expect(code).toBe(ExitCode.notFound);
    expect(stderr).toContain('No such file or folder: /Nope');
  });

  it('exits 8 naming the server when it cannot be reached', async () => {
    const url = standIn.url;
    await standIn.close();
    standIn = await startStandInServer();
    const { code, stderr } = await coffer(['ls', '--json'], { env: { ...env, COFFER_SERVER: url } });
    expect(code).toBe(ExitCode.network);
    expect(JSON.parse(stderr).error).toMatchObject({ code: 'network.unreachable', message: expect.stringContaining(url) });
  });
});

describe('download', () => {
  const file = testNode({ id: testId(20), name: 'big.bin', size: 100 });
  beforeEach(() => standIn.on('GET /api/v1/resolve', resolveTo({ '/big.bin': file })));

  it('writes the file inside an existing local folder', async () => {
    standIn.on(`GET /api/v1/files/${file.id}/content`, (_, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '100' });
      response.end(Buffer.alloc(100, 7));
    });
    const { code, stdout } = await coffer(['download', '/big.bin', work]);
    expect(code).toBe(ExitCode.ok);
    expect(await readFile(join(work, 'big.bin'))).toEqual(Buffer.alloc(100, 7));
    expect(stdout).toContain('1 file downloaded');
  });

  it('exits 7 and leaves no partial file when the server aborts mid-stream', async () => {
    standIn.on(`GET /api/v1/files/${file.id}/content`, (_, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '100' });
      response.write(Buffer.alloc(60, 7));
      setTimeout(() => response.destroy(), 20);
    });
    const target = join(work, 'out');
    await mkdir(target);
    const { code, stderr } = await coffer(['download', '/big.bin', target]);
    expect(code).toBe(ExitCode.server);
    expect(stderr).toContain('stopped after 60 of 100 bytes');
    expect(await readdir(target)).toEqual([]);
  });
});

describe('upload', () => {
  it('uploads a folder recursively, reusing an existing folder and versioning an existing name', async () => {
    const local = join(work, 'Trip');
    await mkdir(join(local, 'day1'), { recursive: true });
    await writeFile(join(local, 'notes.txt'), 'hello');
    await writeFile(join(local, 'day1', 'photo.jpg'), 'jpeg!');
    const trip = testFolder({ id: testId(30), parentId: docs.id, name: 'Trip' });
    standIn.on('GET /api/v1/resolve', resolveTo({ '/Docs': docs }));
    standIn.on('POST /api/v1/folders', (request, response) => {
      const body = JSON.parse(request.body.toString()) as { parentId: string; name: string };
      if (body.name === 'Trip') sendJson(response, 409, { error: { code: 'node.name_taken', message: 'taken' } });
      else sendJson(response, 201, testFolder({ id: testId(31), parentId: body.parentId, name: body.name }));
    });
    standIn.on(`GET /api/v1/folders/${docs.id}/children`, json(200, { folder: docs, items: [trip], total: 1, nextCursor: null }));
    standIn.on('POST /api/v1/files', (request, response) => {
      const name = request.query.get('name') ?? '';
      sendJson(response, 201, testNode({ id: testId(40), name, size: request.body.length, versionNumber: name === 'notes.txt' ? 3 : 1 }));
    });

    const { code, stdout } = await coffer(['upload', local, '/Docs']);

    expect(code).toBe(ExitCode.ok);
    const uploads = standIn.requests.filter((r) => r.path === '/api/v1/files');
    expect(
      uploads.map((r) => [r.query.get('parentId'), r.query.get('name'), r.query.get('onConflict'), r.body.toString(), r.headers['content-length']]),
    ).toEqual([
      [testId(31), 'photo.jpg', 'version', 'jpeg!', '5'],
      [trip.id, 'notes.txt', 'version', 'hello', '5'],
    ]);
    expect(uploads[0]?.headers['content-type']).toBe('image/jpeg');
    expect(stdout).toContain('Uploaded /Docs/Trip/day1/photo.jpg');
    expect(stdout).toContain('Updated /Docs/Trip/notes.txt: the name existed, so this is version 3');
    expect(stdout).toContain('2 files uploaded (1 as new versions), 1 folder created, 1 existing folder reused');
  });

  it('exits 6 when the quota is exceeded', async () => {
    await writeFile(join(work, 'a.txt'), 'hello');
    standIn.on('GET /api/v1/resolve', resolveTo({ '/': root }));
    standIn.on('POST /api/v1/files', json(507, { error: { code: 'quota.exceeded', message: 'Not enough storage space left in your quota.' } }));
    const { code, stderr } = await coffer(['upload', join(work, 'a.txt')]);
    expect(code).toBe(ExitCode.quota);
    expect(stderr).toContain('quota');
  });
});

describe('mv', () => {
  it('moves into an existing folder keeping the name', async () => {
    const file = testNode({ id: testId(50), parentId: testId(2), name: 'a.txt' });
    standIn.on('GET /api/v1/resolve', resolveTo({ '/a.txt': file, '/Docs': docs }));
    standIn.on(`PATCH /api/v1/nodes/${file.id}`, json(200, { ...file, parentId: docs.id }));
    const { code, stdout } = await coffer(['mv', '/a.txt', '/Docs']);
    expect(code).toBe(ExitCode.ok);
    expect(JSON.parse(standIn.requests.at(-1)?.body.toString() ?? '')).toEqual({ parentId: docs.id });
    expect(stdout).toContain('Moved /a.txt → /Docs/a.txt');
  });

  it('renames within the folder when the destination does not exist', async () => {
    const file = testNode({ id: testId(50), parentId: docs.id, name: 'a.txt' });
    standIn.on('GET /api/v1/resolve', resolveTo({ '/Docs/a.txt': file, '/Docs': docs }));
    standIn.on(`PATCH /api/v1/nodes/${file.id}`, json(200, { ...file, name: 'b.txt' }));
    expect((await coffer(['mv', '/Docs/a.txt', '/Docs/b.txt'])).code).toBe(ExitCode.ok);
    expect(JSON.parse(standIn.requests.at(-1)?.body.toString() ?? '')).toEqual({ name: 'b.txt' });
  });
});

describe('login and logout', () => {
  const loginEnv = () => ({ COFFER_CONFIG_DIR: join(work, 'config') });

  it('signs in with a labelled token, saves it with mode 0600 and never prints it', async () => {
    standIn.on('POST /api/v1/auth/sign-in', json(200, { user: testUser, token: 'very-secret-token', expiresAt: '2030-01-01T00:00:00.000Z' }));
    const { code, stdout, stderr } = await coffer(['login', '--server', standIn.url, '--email', 'ada@example.com', '--password-stdin'], {
      stdin: 'pw\n',
      env: loginEnv(),
    });

    expect(code).toBe(ExitCode.ok);
    expect(JSON.parse(standIn.requests[0]?.body.toString() ?? '')).toEqual({
      email: 'ada@example.com',
      password: 'pw',
      kind: 'token',
      label: expect.stringMatching(/^coffer-cli@/),
    });
    const file = join(work, 'config', 'credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ server: standIn.url, token: 'very-secret-token' });
    expect(stdout + stderr).not.toContain('very-secret-token');

    standIn.on('GET /api/v1/me', json(200, testUser));
    const whoami = await coffer(['whoami'], { env: loginEnv() });
    expect(whoami.stdout).toContain('ada@example.com');
    expect(standIn.requests.at(-1)?.headers.authorization).toBe('Bearer very-secret-token');

    standIn.on('POST /api/v1/auth/sign-out', (_, response) => response.writeHead(204).end());
    expect((await coffer(['logout'], { env: loginEnv() })).code).toBe(ExitCode.ok);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('does not send the saved token to another server', async () => {
    standIn.on('POST /api/v1/auth/sign-in', json(200, { user: testUser, token: 'very-secret-token', expiresAt: '2030-01-01T00:00:00.000Z' }));
    await coffer(['login', '--server', standIn.url, '--email', 'ada@example.com', '--password-stdin'], { stdin: 'pw', env: loginEnv() });
    const other = await startStandInServer();
    try {
      const { code } = await coffer(['ls', '--server', other.url], { env: loginEnv() });
      expect(code).toBe(ExitCode.auth);
      expect(other.requests).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('refuses to ask for a password without a terminal', async () => {
    const { code, stderr } = await coffer(['login', '--server', standIn.url, '--email', 'ada@example.com'], { env: loginEnv() });
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toContain('--password-stdin');
    expect(standIn.requests).toEqual([]);
  });
});
