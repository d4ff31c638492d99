// Longer than 400 lines on purpose: every command is driven against one in-process server and one
// signed-in CLI user, set up once; splitting the file would start (and pay for) them again per file.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { testDialects } from '../support/dialects.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { CliUser, describeResult, filesBelow, freePort, makeTempDir, partialFiles, snapshotTree, writeTree, type TreeSpec } from './support/cli.js';

/**
 * The `coffer` client commands end to end: every command runs as `node bin/coffer.js …` in a child
 * process with its own config folder, against a real server started in this process.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

interface Entry {
  readonly id: string;
  readonly name: string;
  readonly type: 'file' | 'folder';
  readonly size: number;
  readonly versionId: string | null;
  readonly versionNumber: number | null;
  readonly passphraseProtected: boolean;
  readonly trashedAt: string | null;
}

const utf8Name = 'résumé – 日本語 🗂.txt'.normalize('NFC');
const utf8Folder = 'ünïcødé Ordner'.normalize('NFC');

/** The tree that the upload/download round trips use: nested folders, an empty file and folder, 5 MiB of random bytes, UTF-8 names. */
function sampleTree(): TreeSpec {
  return {
    'notes.txt': 'first line\nsecond line\n',
    'empty.txt': '',
    'big.bin': randomBytes(5 * MiB),
    [utf8Name]: Buffer.from('Zürich, 東京, Αθήνα\n', 'utf8'),
    'sub/deeper/deepest/leaf.txt': 'a leaf three folders down\n',
    [`sub/${utf8Folder}/inner.md`]: '# inner\n',
    'sub/empty-folder': null,
  };
}

describe.each(testDialects())('coffer login, upload, ls and download on %s', (dialect) => {
  let server: TestServer;
  let work: string;

  beforeAll(async () => {
    work = makeTempDir(`core-${dialect}`);
    server = await startTestServer(dialect);
  });
  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('signs in, uploads a file and a folder tree, lists them and downloads everything byte for byte', async () => {
    const user = new CliUser('core', work);
    const login = await user.login(server.url, adminEmail, adminPassword);
    expect(login).toEqual({ server: server.url, user: expect.objectContaining({ email: adminEmail, role: 'admin' }), credentialsFile: user.credentialsFile });

    await user.ok(['mkdir', '-p', '/Backup/2025']);

    // One file.
    const single = path.join(work, 'single.bin');
    const singleData = randomBytes(64 * KiB + 3);
    writeFileSync(single, singleData);
    const uploadedOne = await user.json(['upload', single, '/Backup/2025']);
    expect(uploadedOne).toEqual({
      files: [
        {
          localPath: single,
          remotePath: '/Backup/2025/single.bin',
          id: expect.any(String),
          size: singleData.length,
          versionNumber: 1,
          newVersion: false,
        },
      ],
      foldersCreated: [],
      foldersReused: [],
      skipped: [],
      bytes: singleData.length,
    });

    // A folder tree, uploaded as a folder of the same name inside /Backup.
    const source = path.join(work, 'tree');
    writeTree(source, sampleTree());
    const uploadedTree = await user.json(['upload', source, '/Backup']);
    expect(uploadedTree.files.map((f: { remotePath: string }) => f.remotePath).sort()).toEqual(
      [
        '/Backup/tree/big.bin',
        '/Backup/tree/empty.txt',
        '/Backup/tree/notes.txt',
        `/Backup/tree/${utf8Name}`,
        '/Backup/tree/sub/deeper/deepest/leaf.txt',
        `/Backup/tree/sub/${utf8Folder}/inner.md`,
      ].sort(),
    );
    expect(uploadedTree.foldersCreated.sort()).toEqual(
      [
        '/Backup/tree',
        '/Backup/tree/sub',
        '/Backup/tree/sub/deeper',
        '/Backup/tree/sub/deeper/deepest',
        `/Backup/tree/sub/${utf8Folder}`,
        '/Backup/tree/sub/empty-folder',
      ].sort(),
    );
    expect(uploadedTree.bytes).toBe(5 * MiB + 23 + Buffer.byteLength('Zürich, 東京, Αθήνα\n') + 26 + 8);

    // ls --json: an array of entries with name, type and size.
    const backup = await user.json<Entry[]>(['ls', '/Backup']);
    expect(backup.map(({ name, type }) => ({ name, type }))).toEqual([
      { name: '2025', type: 'folder' },
      { name: 'tree', type: 'folder' },
    ]);
    const tree = await user.json<Entry[]>(['ls', '/Backup/tree']);
    expect(tree.map(({ name, type, size }) => ({ name, type, size })).sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [
        { name: 'big.bin', type: 'file', size: 5 * MiB },
        { name: 'empty.txt', type: 'file', size: 0 },
        { name: 'notes.txt', type: 'file', size: 23 },
        { name: utf8Name, type: 'file', size: Buffer.byteLength('Zürich, 東京, Αθήνα\n') },
        { name: 'sub', type: 'folder', size: expect.any(Number) },
      ].sort((a, b) => a.name.localeCompare(b.name)),
    );
    // ls of a file shows just that file.
    const one = await user.json<Entry[]>(['ls', '/Backup/2025/single.bin']);
    expect(one).toEqual([expect.objectContaining({ name: 'single.bin', type: 'file', size: singleData.length })]);

    // Download the tree into a new local folder and compare every byte, folder and name.
    const restored = path.join(work, 'restored-tree');
    const downloaded = await user.json(['download', '/Backup/tree', restored]);
    expect(downloaded.files).toHaveLength(6);
    expect(downloaded.bytes).toBe(uploadedTree.bytes);
    expect(snapshotTree(restored)).toEqual(snapshotTree(source));
    expect(readFileSync(path.join(restored, 'big.bin')).equals(readFileSync(path.join(source, 'big.bin')))).toBe(true);
    expect(filesBelow(restored).filter((f) => f.endsWith('.coffer-partial'))).toEqual([]);

    // Download the single file into an existing folder: it lands there under its remote name.
    const into = makeTempDir('into', work);
    await user.ok(['download', '/Backup/2025/single.bin', into]);
    expect(readdirSync(into)).toEqual(['single.bin']);
    expect(readFileSync(path.join(into, 'single.bin')).equals(singleData)).toBe(true);
  });
});

describe('coffer client commands', () => {
  let server: TestServer;
  let work: string;
  let admin: CliUser;
  let adminLoginOutput: unknown;

  beforeAll(async () => {
    work = makeTempDir('cli');
    server = await startTestServer('sqlite');
    admin = new CliUser('admin', work);
    adminLoginOutput = await admin.login(server.url, adminEmail, adminPassword);
  });
  afterAll(async () => {
    await server?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** A local file with the given content, in a folder of its own so its name is free. */
  function localFile(name: string, content: Buffer | string): string {
    const dir = makeTempDir('file', work);
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  }

  async function download(user: CliUser, remote: string): Promise<Buffer> {
    const target = path.join(makeTempDir('dl', work), 'out');
    await user.ok(['download', remote, target]);
    return readFileSync(target);
  }

  async function names(user: CliUser, folder: string): Promise<string[]> {
    return (await user.json<Entry[]>(['ls', folder])).map((e) => e.name).sort();
  }

  describe('signing in', () => {
    it('a wrong password exits 3 and saves no credentials', async () => {
      const user = new CliUser('wrong-password', work);
      const { result, error } = await user.fails(['login', '--server', server.url, '--email', adminEmail, '--password-stdin'], 3, {
        stdin: 'not the password\n',
      });
      expect(error.code).toBe('auth.invalid_credentials');
      expect(existsSync(user.credentialsFile)).toBe(false);
      expect(result.stderr).not.toContain('not the password');

      // Without a terminal and without --password-stdin, login refuses (exit 2) instead of waiting for a prompt.
      const noPrompt = await user.run(['login', '--server', server.url, '--email', adminEmail]);
      expect(noPrompt.code, describeResult(['login'], noPrompt)).toBe(2);
      expect(noPrompt.stderr).toContain('--password-stdin');
      expect(existsSync(user.credentialsFile)).toBe(false);
    });

    it('saves the login in credentials.json with mode 0600 (folder 0700) and never prints the token', async () => {
      expect(statSync(admin.credentialsFile).mode & 0o777).toBe(0o600);
      expect(statSync(admin.configDir).mode & 0o777).toBe(0o700);
      const saved = JSON.parse(readFileSync(admin.credentialsFile, 'utf8')) as { server: string; token: string; email: string };
      expect(saved).toMatchObject({ server: server.url, email: adminEmail, token: expect.any(String) });
      expect(saved.token.length).toBeGreaterThan(20);
      expect(JSON.stringify(adminLoginOutput)).not.toContain(saved.token);
      // No temporary file is left beside it.
      expect(readdirSync(admin.configDir)).toEqual(['credentials.json']);
    });

    it('whoami shows the account and server, in words and as JSON', async () => {
      const human = await admin.ok(['whoami']);
      expect(human.stdout).toContain(`${adminEmail} (admin) on ${server.url}`);
      expect(human.stdout).toMatch(/used/);
      const json = await admin.json(['whoami']);
      expect(json).toEqual({
        server: server.url,
        user: expect.objectContaining({ email: adminEmail, role: 'admin', status: 'active', usedBytes: expect.any(Number) }),
      });
      const saved = JSON.parse(readFileSync(admin.credentialsFile, 'utf8')) as { token: string };
      expect(human.stdout + human.stderr + JSON.stringify(json)).not.toContain(saved.token);
    });

    it('without a saved login, commands exit 3 and say how to sign in', async () => {
      const stranger = new CliUser('stranger', work);
      const { error } = await stranger.fails(['ls'], 3);
      expect(error.code).toBe('auth.required');
      const human = await stranger.run(['whoami']);
      expect(human.code).toBe(3);
      expect(human.stderr).toContain('coffer login');
    });

    it('logout revokes the token and deletes the saved login; then ls exits 3', async () => {
      const user = new CliUser('logout', work);
      await user.login(server.url, adminEmail, adminPassword);
      const { token } = JSON.parse(readFileSync(user.credentialsFile, 'utf8')) as { token: string };
      await user.ok(['ls']);

      expect(await user.json(['logout'])).toEqual({ signedOut: true });
      expect(existsSync(user.credentialsFile)).toBe(false);
      const { error } = await user.fails(['ls'], 3);
      expect(error.code).toBe('auth.required');
      // Revoked on the server, not just forgotten: the old token is refused.
      const reuse = await user.fails(['ls', '--server', server.url], 3, { env: { COFFER_TOKEN: token } });
      expect(reuse.error.code).toMatch(/^auth\./);
      // A second logout has nothing to do.
      expect(await user.json(['logout'])).toEqual({ signedOut: false });
    });
  });

  describe('files and folders', () => {
    it('mkdir creates nested folders with -p, needs the parent without it, and reports an existing name as a conflict (exit 5)', async () => {
      const missing = await admin.fails(['mkdir', '/m/a/b'], 4);
      expect(missing.error.code).toBe('node.not_found');

      const created = await admin.json<Entry>(['mkdir', '-p', '/m/a/b']);
      expect(created).toMatchObject({ name: 'b', type: 'folder' });
      expect(await names(admin, '/m')).toEqual(['a']);
      expect(await admin.json<Entry[]>(['ls', '/m/a'])).toEqual([expect.objectContaining({ id: created.id, name: 'b', type: 'folder' })]);

      await admin.ok(['mkdir', '/m/a/c']);
      expect(await names(admin, '/m/a')).toEqual(['b', 'c']);

      const taken = await admin.fails(['mkdir', '/m/a'], 5);
      expect(taken.error.code).toBe('node.name_taken');
      // -p accepts the existing folder.
      expect(await admin.json<Entry>(['mkdir', '-p', '/m/a/b'])).toMatchObject({ id: created.id });
    });

    it('uploading the same name again makes a new version; versions lists both and versions restore brings back the old content', async () => {
      await admin.ok(['mkdir', '/v']);
      const first = Buffer.from('version one\n');
      const second = Buffer.from('version two, longer\n');
      const local = localFile('doc.txt', first);
      const v1 = await admin.json(['upload', local, '/v']);
      expect(v1.files[0]).toMatchObject({ remotePath: '/v/doc.txt', versionNumber: 1, newVersion: false });

      writeFileSync(local, second);
      const v2 = await admin.ok(['upload', local, '/v']);
      expect(v2.stdout).toContain('Updated /v/doc.txt');
      expect(v2.stdout).toContain('this is version 2');
      expect(await names(admin, '/v')).toEqual(['doc.txt']);
      expect((await download(admin, '/v/doc.txt')).equals(second)).toBe(true);

      const versions = await admin.json<Array<{ number: number; size: number; current: boolean }>>(['versions', '/v/doc.txt']);
      expect(versions.map(({ number, size, current }) => ({ number, size, current }))).toEqual([
        { number: 2, size: second.length, current: true },
        { number: 1, size: first.length, current: false },
      ]);
      const table = await admin.ok(['versions', '/v/doc.txt']);
      expect(table.stdout).toMatch(/VERSION/);

      await admin.ok(['versions', 'restore', '/v/doc.txt', '1']);
      expect((await download(admin, '/v/doc.txt')).equals(first)).toBe(true);
      const [listed] = await admin.json<Entry[]>(['ls', '/v/doc.txt']);
      expect(listed?.size).toBe(first.length);

      const noSuchVersion = await admin.fails(['versions', 'restore', '/v/doc.txt', '9'], 4);
      expect(noSuchVersion.error.code).toBe('version.not_found');
    });

    it('mv renames and moves into a folder, cp copies files and folders, and an existing name is a conflict (exit 5)', async () => {
      await admin.ok(['mkdir', '-p', '/mc/dir']);
      const content = randomBytes(10 * KiB);
      await admin.ok(['upload', localFile('a.txt', content), '/mc']);

      const renamed = await admin.json<Entry>(['mv', '/mc/a.txt', '/mc/b.txt']);
      expect(renamed).toMatchObject({ name: 'b.txt', type: 'file' });
      expect(await names(admin, '/mc')).toEqual(['b.txt', 'dir']);

      const moved = await admin.json<Entry>(['mv', '/mc/b.txt', '/mc/dir']);
      expect(moved).toMatchObject({ id: renamed.id, name: 'b.txt' });
      expect(await names(admin, '/mc')).toEqual(['dir']);
      expect(await names(admin, '/mc/dir')).toEqual(['b.txt']);

      const copy = await admin.json<Entry>(['cp', '/mc/dir/b.txt', '/mc/c.txt']);
      expect(copy).toMatchObject({ name: 'c.txt', type: 'file', size: content.length });
      expect(copy.id).not.toBe(renamed.id);
      expect((await download(admin, '/mc/c.txt')).equals(content)).toBe(true);
      expect((await download(admin, '/mc/dir/b.txt')).equals(content)).toBe(true);

      const folderCopy = await admin.json<Entry>(['cp', '/mc/dir', '/mc/dir-copy']);
      expect(folderCopy).toMatchObject({ name: 'dir-copy', type: 'folder' });
      expect(await names(admin, '/mc')).toEqual(['c.txt', 'dir', 'dir-copy']);
      expect((await download(admin, '/mc/dir-copy/b.txt')).equals(content)).toBe(true);

      // Conflicts: the name exists at the destination.
      const mvConflict = await admin.fails(['mv', '/mc/c.txt', '/mc/dir/b.txt'], 5);
      expect(mvConflict.error.code).toBe('node.name_taken');
      const cpConflict = await admin.fails(['cp', '/mc/c.txt', '/mc/dir/b.txt'], 5);
      expect(cpConflict.error.code).toBe('node.name_taken');
      expect(await names(admin, '/mc')).toEqual(['c.txt', 'dir', 'dir-copy']);
      expect(await names(admin, '/mc/dir')).toEqual(['b.txt']);
    });

    it('rm moves to the trash, trash lists it, restore brings it back, trash empty deletes forever', async () => {
      await admin.ok(['mkdir', '-p', '/tr/folder']);
      const keep = Buffer.from('keep me\n');
      const gone = Buffer.from('trash me, then restore me\n');
      await admin.ok(['upload', localFile('keep.txt', keep), '/tr']);
      await admin.ok(['upload', localFile('gone.txt', gone), '/tr']);
      await admin.ok(['upload', localFile('inside.txt', 'inside\n'), '/tr/folder']);

      const trashed = await admin.json<Entry[]>(['rm', '/tr/gone.txt', '/tr/folder']);
      expect(trashed.map((n) => n.name)).toEqual(['gone.txt', 'folder']);
      for (const node of trashed) expect(node.trashedAt).toEqual(expect.any(String));
      expect(await names(admin, '/tr')).toEqual(['keep.txt']);

      const trash = await admin.json<Entry[]>(['trash']);
      expect(trash.map((n) => n.name).sort()).toEqual(['folder', 'gone.txt']);
      const table = await admin.ok(['trash']);
      expect(table.stdout).toContain('gone.txt');
      expect(table.stdout).toContain(trashed[0]!.id);

      const restored = await admin.json<Entry>(['restore', 'gone.txt']);
      expect(restored).toMatchObject({ id: trashed[0]!.id, name: 'gone.txt', trashedAt: null });
      expect(await names(admin, '/tr')).toEqual(['gone.txt', 'keep.txt']);
      expect((await download(admin, '/tr/gone.txt')).equals(gone)).toBe(true);
      expect((await admin.json<Entry[]>(['trash'])).map((n) => n.name)).toEqual(['folder']);

      const emptied = await admin.json<{ purged: number }>(['trash', 'empty']);
      expect(emptied.purged).toBeGreaterThanOrEqual(1);
      expect(await admin.json<Entry[]>(['trash'])).toEqual([]);
      const purged = await admin.fails(['restore', 'folder'], 4);
      expect(purged.error.code).toBe('node.not_found');
      expect(await names(admin, '/tr')).toEqual(['gone.txt', 'keep.txt']);

      const missing = await admin.fails(['rm', '/tr/never-there.txt'], 4);
      expect(missing.error.code).toBe('node.not_found');
    });

    it('a missing remote path exits 4 (ls, download) and so does a missing local file (upload)', async () => {
      const ls = await admin.fails(['ls', '/no/such/folder'], 4);
      expect(ls.error).toMatchObject({ code: 'node.not_found', message: expect.stringContaining('/no/such/folder') });
      const human = await admin.run(['ls', '/no/such/folder']);
      expect(human.code).toBe(4);
      expect(human.stderr).toContain('No such file or folder: /no/such/folder');

      const target = path.join(makeTempDir('missing', work), 'out.bin');
      const dl = await admin.fails(['download', '/no-such-file.bin', target], 4);
      expect(dl.error.code).toBe('node.not_found');
      expect(existsSync(target)).toBe(false);

      const up = await admin.fails(['upload', path.join(work, 'does-not-exist.bin'), '/'], 4);
      expect(up.error.code).toBe('local.not_found');
    });
  });

  describe('file passphrases', () => {
    it('uploads and downloads with --passphrase-stdin; a missing or wrong passphrase exits 3 and writes nothing', async () => {
      const passphrase = 'correct passphrase for one file';
      const secret = randomBytes(200 * KiB);
      await admin.ok(['mkdir', '/pp']);
      const uploaded = await admin.json(['upload', localFile('secret.bin', secret), '/pp', '--passphrase-stdin'], { stdin: `${passphrase}\n` });
      expect(uploaded.files[0]).toMatchObject({ remotePath: '/pp/secret.bin', size: secret.length });

      const [listed] = await admin.json<Entry[]>(['ls', '/pp']);
      expect(listed).toMatchObject({ name: 'secret.bin', passphraseProtected: true });
      expect((await admin.ok(['ls', '/pp'])).stdout).toContain('(passphrase)');

      const dir = makeTempDir('pp', work);
      const target = path.join(dir, 'secret.bin');
      const wrong = await admin.fails(['download', '/pp/secret.bin', target, '--passphrase-stdin'], 3, { stdin: 'not the passphrase\n' });
      expect(wrong.error.code).toBe('file.passphrase_invalid');
      expect(existsSync(target)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);

      const none = await admin.fails(['download', '/pp/secret.bin', target], 3);
      expect(none.error.code).toBe('file.passphrase_required');
      expect(readdirSync(dir)).toEqual([]);

      await admin.ok(['download', '/pp/secret.bin', target, '--passphrase-stdin'], { stdin: `${passphrase}\n` });
      expect(readFileSync(target).equals(secret)).toBe(true);

      // The same passphrase from a file (one trailing newline dropped).
      const passphraseFile = localFile('passphrase.txt', `${passphrase}\n`);
      const viaFile = path.join(dir, 'via-file.bin');
      await admin.ok(['download', '/pp/secret.bin', viaFile, '--passphrase-file', passphraseFile]);
      expect(readFileSync(viaFile).equals(secret)).toBe(true);
    });
  });

  describe('accounts and quotas', () => {
    it('user add, user list and user disable work for an administrator; a non-administrator gets exit 3', async () => {
      const bobPassword = 'bob password for tests';
      const added = await admin.ok(['user', 'add', '--email', 'bob@example.com', '--password-stdin'], { stdin: `${bobPassword}\n` });
      expect(added.stdout).toContain('Created bob@example.com (role user');
      expect(added.stdout).toMatch(/Recovery key: [0-9A-Z]{4}(-[0-9A-Z]{4}){7,}/);
      expect(added.stdout).not.toContain(bobPassword);

      const duplicate = await admin.fails(['user', 'add', '--email', 'bob@example.com', '--password-stdin'], 5, { stdin: `${bobPassword}\n` });
      expect(duplicate.error.code).toBe('user.email_taken');

      const users = await admin.json<Array<{ id: string; email: string; role: string; status: string }>>(['user', 'list']);
      expect(users).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ email: adminEmail, role: 'admin', status: 'active' }),
          expect.objectContaining({ email: 'bob@example.com', role: 'user', status: 'active' }),
        ]),
      );
      const table = await admin.ok(['user', 'list']);
      expect(table.stdout).toMatch(/bob@example\.com\s+user\s+active/);

      const bob = new CliUser('bob', work);
      await bob.login(server.url, 'bob@example.com', bobPassword);
      expect((await bob.json(['whoami'])).user).toMatchObject({ email: 'bob@example.com', role: 'user' });
      const forbidden = await bob.fails(['user', 'list'], 3);
      expect(forbidden.error.code).toBe('auth.forbidden');
      const forbiddenAdd = await bob.fails(['user', 'add', '--email', 'eve@example.com', '--password-stdin'], 3, { stdin: 'eve password 123\n' });
      expect(forbiddenAdd.error.code).toBe('auth.forbidden');

      // The email is matched without regard to case.
      const disabled = await admin.json(['user', 'disable', 'BOB@example.com']);
      expect(disabled).toMatchObject({ email: 'bob@example.com', status: 'disabled' });
      expect(await admin.json(['user', 'list'])).toEqual(expect.arrayContaining([expect.objectContaining({ email: 'bob@example.com', status: 'disabled' })]));

      const bobAgain = new CliUser('bob-again', work);
      const refused = await bobAgain.fails(['login', '--server', server.url, '--email', 'bob@example.com', '--password-stdin'], 3, {
        stdin: `${bobPassword}\n`,
      });
      expect(refused.error.code).toBe('user.disabled');
      expect(existsSync(bobAgain.credentialsFile)).toBe(false);

      const unknown = await admin.fails(['user', 'disable', 'nobody@example.com'], 4);
      expect(unknown.error.code).toBe('user.not_found');
    });

    it('an upload beyond the quota set with user add --quota exits 6 and stores nothing', async () => {
      const password = 'quota user password';
      const created = await admin.json(['user', 'add', '--email', 'quota@example.com', '--quota', '1MiB', '--password-stdin'], { stdin: `${password}\n` });
      expect(created).toEqual({
        userId: expect.any(String),
        email: 'quota@example.com',
        role: 'user',
        recoveryKey: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7,}$/),
      });

      const user = new CliUser('quota', work);
      await user.login(server.url, 'quota@example.com', password);
      expect((await user.json(['whoami'])).user).toMatchObject({ quotaBytes: MiB, usedBytes: 0 });

      const small = randomBytes(100 * KiB);
      await user.ok(['upload', localFile('small.bin', small), '/']);
      const tooBig = await user.fails(['upload', localFile('too-big.bin', randomBytes(2 * MiB)), '/'], 6);
      expect(tooBig.error.code).toBe('quota.exceeded');
      expect(await names(user, '/')).toEqual(['small.bin']);
      expect((await user.json(['whoami'])).user.usedBytes).toBeLessThan(MiB);
      expect((await download(user, '/small.bin')).equals(small)).toBe(true);
    });
  });

  describe('failures on the way', () => {
    it('a download that breaks on an integrity failure in its last stored object exits 7 and leaves no file', async () => {
      await admin.ok(['mkdir', '/integrity']);
      // 5 MiB: two storage objects (4 MiB of plaintext each at most); the damage goes into the second.
      const data = randomBytes(5 * MiB);
      await admin.ok(['upload', localFile('big.bin', data), '/integrity']);
      // Control: before the damage, the file downloads intact.
      expect((await download(admin, '/integrity/big.bin')).equals(data)).toBe(true);
      const [entry] = await admin.json<Entry[]>(['ls', '/integrity/big.bin']);
      expect(entry?.versionId).toEqual(expect.any(String));

      const objectsDir = path.join(server.dataDir, 'blobs', 'objects');
      const database = await openDatabase(server.config.database);
      let keys: string[];
      try {
        const rows = await database.db
          .selectFrom('version_objects')
          .select(['idx', 'object_key'])
          .where('version_id', '=', entry!.versionId!)
          .orderBy('idx')
          .execute();
        keys = rows.map((row) => row.object_key);
      } finally {
        await database.close();
      }
      expect(keys.length).toBeGreaterThanOrEqual(2);
      const lastKey = keys.at(-1)!;
      const candidates = filesBelow(objectsDir).filter((file) => path.basename(file) === lastKey);
      expect(candidates).toHaveLength(1);
      const objectFile = candidates[0]!;
      const stored = readFileSync(objectFile);
      const flipAt = Math.floor(stored.length / 2);
      stored[flipAt] = stored[flipAt]! ^ 0x01;
      writeFileSync(objectFile, stored);

      const dir = makeTempDir('integrity', work);
      const target = path.join(dir, 'big.bin');
      const broken = await admin.fails(['download', '/integrity/big.bin', target], 7);
      // The transfer broke off: at most the first (verified) object arrived, never a byte of the damaged one.
      expect(broken.error.code).toBe('download.incomplete');
      const received = /stopped after (\d+) of (\d+) bytes/.exec(broken.error.message);
      expect(received, broken.error.message).not.toBeNull();
      expect(Number(received![2])).toBe(5 * MiB);
      expect(Number(received![1])).toBeLessThanOrEqual(4 * MiB);
      expect(existsSync(target)).toBe(false);
      expect(partialFiles(dir)).toEqual([]);
      expect(readdirSync(dir)).toEqual([]);

      // Into an existing folder, the same: nothing appears under the remote name.
      const human = await admin.run(['download', '/integrity/big.bin', dir]);
      expect(human.code, describeResult(['download'], human)).toBe(7);
      expect(human.stderr).toMatch(/Nothing was written|integrity/);
      expect(readdirSync(dir)).toEqual([]);
    });

    it('an unreachable server exits 8', async () => {
      const closed = `http://127.0.0.1:${await freePort()}`;
      const user = new CliUser('unreachable', work);
      const ls = await user.fails(['ls', '--server', closed], 8, { env: { COFFER_TOKEN: 'some-token-value' } });
      expect(ls.error).toMatchObject({ code: 'network.unreachable', message: expect.stringContaining(closed) });

      const login = await user.fails(['login', '--server', closed, '--email', adminEmail, '--password-stdin'], 8, { stdin: `${adminPassword}\n` });
      expect(login.error.code).toBe('network.unreachable');
      expect(existsSync(user.credentialsFile)).toBe(false);

      const human = await user.run(['ls', '--server', closed], { env: { COFFER_TOKEN: 'some-token-value' } });
      expect(human.code).toBe(8);
      expect(human.stderr).toContain('Check --server');
    });
  });
});
