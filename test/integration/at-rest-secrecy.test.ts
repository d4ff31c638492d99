// Longer than 400 lines on purpose: one scan needs the whole fixture (files, names, versions, a password
// change, a passphrase) built once per dialect, then reads every byte it left behind in each place it could be.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRecoveryKey } from '../../src/crypto/index.js';
import { TestClient, passphraseHeader } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startLogCapturingServer, type LogCapturingServer } from '../support/log-capturing-server.js';
import { execute, pgDump, readDatabaseFiles, readRecentWal } from '../support/postgres-files.js';
import {
  binarySecret,
  describeFindings,
  embedSecret,
  encodeSecret,
  marker,
  needlesFor,
  scanBuffer,
  scanEncodings,
  scanTree,
  textSecret,
  type Finding,
  type Needle,
  type Secret,
} from '../support/secret-scanner.js';
import { flipBit, objectFile, openRawDatabase, versionObjects } from '../support/storage-tamper.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Nothing a user entrusts to Coffer may be readable from what the server stores: file contents, file
 * and folder names (also earlier names), passwords (also old ones), file passphrases, session tokens
 * and recovery keys must not appear in any byte of the data folder (database, its WAL, blobs, temp
 * files), of a PostgreSQL dump or of PostgreSQL's own files, nor in the server's log. Each is searched
 * for as plain UTF-8, UTF-16, base64/base64url at every alignment and hex (secret-scanner.ts).
 * E-mail addresses are account metadata stored in the clear, so they carry no marker; they serve as
 * proof that the scans really read the stored records.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

interface Kept {
  readonly secrets: Secret[];
  text(label: string, value: string): string;
  token(label: string, token: string): string;
  recoveryKey(label: string, key: string): string;
}

function keeper(): Kept {
  const secrets: Secret[] = [];
  return {
    secrets,
    text(label, value) {
      secrets.push(textSecret(label, value));
      return value;
    },
    token(label, token) {
      // cf1.<session id>.<secret>: the session id is a public row id; the token and its secret are not.
      const secret = token.split('.')[2]!;
      secrets.push(textSecret(label, token), textSecret(`${label} secret`, secret), binarySecret(`${label} secret bytes`, Buffer.from(secret, 'base64url')));
      return token;
    },
    recoveryKey(label, key) {
      secrets.push(textSecret(label, key), textSecret(`${label} (compact)`, key.replace(/-/g, '')), binarySecret(`${label} bytes`, decodeRecoveryKey(key)));
      return key;
    },
  };
}

function textContent(contentMarker: string): Buffer {
  return Buffer.from(`Quarterly report, confidential: ${contentMarker}\n`.repeat(40) + `end of ${contentMarker}\n`, 'utf8');
}

/** Random bytes with the marker planted at chunk and object boundaries and elsewhere. */
function largeContent(size: number, contentMarker: string): Buffer {
  const data = randomBytes(size);
  const planted = Buffer.from(contentMarker, 'utf8');
  for (const offset of [0, 16 * KiB - 7, 1_000_003, 4 * MiB - 11, 4 * MiB + 5000, size - planted.length]) planted.copy(data, offset);
  return data;
}

async function formUpload(client: TestClient, parentId: string, name: string, data: Buffer): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('parentId', parentId);
  form.append('file', new Blob([data]), name);
  const response = await fetch(`${client.api}/files/form`, { method: 'POST', headers: client.headers(), body: form });
  return { status: response.status, body: await response.json() };
}

function expectNoFindings(findings: readonly Finding[]): void {
  expect(findings, `secrets found at rest:\n${describeFindings(findings)}`).toEqual([]);
}

describe.each(testDialects())('secrets at rest on %s', (dialect) => {
  let server: TestServer;
  let kept: Kept;
  let needles: Needle[];
  let userEmail: string;
  let startedAt: Date;
  const expectedFiles: { id: string; data: Buffer; passphrase?: string }[] = [];

  beforeAll(async () => {
    startedAt = new Date();
    kept = keeper();
    server = await startTestServer(dialect);
    kept.text('admin password', adminPassword);
    kept.recoveryKey('admin recovery key', server.adminRecoveryKey);
    const admin = new TestClient(server.api);
    await admin.signIn(adminEmail, adminPassword);
    kept.token('admin token', admin.token!);

    // An account whose password, and everything it stores, carries markers.
    userEmail = `secrecy-${randomBytes(4).toString('hex')}@example.com`;
    const password1 = kept.text('password 1', marker('password1'));
    const created = await admin.json('POST', '/users', { email: userEmail, password: password1 });
    expect(created.status).toBe(201);
    const recoveryKey = kept.recoveryKey('user recovery key', created.body.recoveryKey);
    const client = new TestClient(server.api);
    const rootId: string = (await client.signIn(userEmail, password1)).rootFolderId;
    kept.token('token 1', client.token!);

    const folder = async (parentId: string, label: string) => {
      const response = await client.json('POST', '/folders', { parentId, name: kept.text(label, marker(label)) });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    const upload = async (parentId: string, name: string, data: Buffer, options: { passphrase?: string; onConflict?: 'version' } = {}) => {
      const response = await client.upload(parentId, name, data, options);
      expect([200, 201]).toContain(response.status);
      return response.body.id as string;
    };

    const folderA = await folder(rootId, 'folder-a');
    const folderB = await folder(folderA, 'folder-b');

    const smallName = `${kept.text('small name', marker('small-name'))}.txt`;
    const smallId = await upload(folderA, smallName, textContent(kept.text('small content', marker('small-content'))));

    const large = largeContent(4 * MiB + 300 * KiB, kept.text('large content', marker('large-content')));
    kept.secrets.push(
      binarySecret('large plaintext sample', large.subarray(2_000_000, 2_000_048)),
      binarySecret('large tail sample', large.subarray(4 * MiB + 100_000, 4 * MiB + 100_048)),
    );
    expectedFiles.push({ id: await upload(rootId, `${kept.text('large name', marker('large-name'))}.bin`, large), data: large });

    const passphrase = kept.text('passphrase', marker('passphrase'));
    const protectedData = textContent(kept.text('protected content', marker('protected-content')));
    const protectedId = await upload(folderB, `${kept.text('protected name', marker('protected-name'))}.txt`, protectedData, { passphrase });
    expectedFiles.push({ id: protectedId, data: protectedData, passphrase });

    // Renamed and moved: neither the old nor the new name may be stored readably.
    const movedData = textContent(kept.text('moved content', marker('moved-content')));
    const movedId = await upload(rootId, kept.text('name before move', marker('name-before-move')), movedData);
    const moved = await client.json('PATCH', `/nodes/${movedId}`, { name: kept.text('name after move', marker('name-after-move')), parentId: folderB });
    expect(moved.status).toBe(200);
    expectedFiles.push({ id: movedId, data: movedData });

    const folderC = await folder(rootId, 'folder-before-rename');
    expect((await client.json('PATCH', `/nodes/${folderC}`, { name: kept.text('folder after rename', marker('folder-after-rename')) })).status).toBe(200);

    // A second version of the small file, and a copy of it.
    const smallV2 = textContent(kept.text('small content v2', marker('small-content-v2')));
    await upload(folderA, smallName, smallV2, { onConflict: 'version' });
    expectedFiles.push({ id: smallId, data: smallV2 });
    const copy = await client.json('POST', `/nodes/${smallId}/copy`, { parentId: rootId, name: kept.text('copy name', marker('copy-name')) });
    expect(copy.status).toBe(201);
    expectedFiles.push({ id: copy.body.id, data: smallV2 });

    // One file left in the trash, one deleted for good.
    const trashedId = await upload(
      folderC,
      kept.text('trashed name', marker('trashed-name')),
      textContent(kept.text('trashed content', marker('trashed-content'))),
    );
    expect((await client.json('DELETE', `/nodes/${trashedId}`)).status).toBe(200);
    const purgedId = await upload(rootId, kept.text('purged name', marker('purged-name')), textContent(kept.text('purged content', marker('purged-content'))));
    expect((await client.json('DELETE', `/nodes/${purgedId}`)).status).toBe(200);
    expect((await client.json('DELETE', `/trash/${purgedId}`)).status).toBe(204);

    // A browser-style multipart upload.
    const formData = textContent(kept.text('form content', marker('form-content')));
    const form = await formUpload(client, folderA, kept.text('form name', marker('form-name')), formData);
    expect(form.status).toBe(201);
    expectedFiles.push({ id: form.body.items[0].id, data: formData });

    // A wrong password, a password change, and a reset with the recovery key.
    const wrong = await new TestClient(server.api).json('POST', '/auth/sign-in', {
      email: userEmail,
      password: kept.text('wrong password', marker('wrong-password')),
    });
    expect(wrong.status).toBe(401);
    const password2 = kept.text('password 2', marker('password2'));
    expect((await client.json('POST', '/me/password', { currentPassword: password1, newPassword: password2 })).status).toBe(204);
    const afterChange = new TestClient(server.api);
    await afterChange.signIn(userEmail, password2);
    kept.token('token 2', afterChange.token!);
    const password3 = kept.text('password 3', marker('password3'));
    expect((await new TestClient(server.api).json('POST', '/auth/recover', { email: userEmail, recoveryKey, newPassword: password3 })).status).toBe(204);
    const reader = new TestClient(server.api);
    await reader.signIn(userEmail, password3);
    kept.token('token 3', reader.token!);

    // Everything is still readable by its owner: the scans below look at real, working data.
    for (const file of expectedFiles) {
      const download = await reader.download(file.id, file.passphrase ? passphraseHeader(file.passphrase) : {});
      expect(download.status).toBe(200);
      expect(download.bytes.equals(file.data)).toBe(true);
    }
    const folderName = (label: string) => kept.secrets.find((s) => s.label === label)!.text!;
    const resolved = await reader.json('GET', `/resolve?path=${encodeURIComponent(`/${folderName('folder-a')}/${folderName('folder-b')}/${moved.body.name}`)}`);
    expect(resolved.status).toBe(200);
    expect(resolved.body.node.id).toBe(movedId);
    const listing = await reader.json('GET', `/folders/${folderB}/children`);
    expect(listing.body.items.map((i: { name: string }) => i.name).sort()).toEqual(
      [moved.body.name, `${kept.secrets.find((s) => s.label === 'protected name')!.text}.txt`].sort(),
    );

    needles = needlesFor(kept.secrets);
  });

  afterAll(async () => {
    await server?.close();
  });

  /** Object files of every stored version: the scan must have read each of them. */
  async function storedObjectFiles(): Promise<string[]> {
    const raw = await openRawDatabase(server.config);
    try {
      const keys = await raw.db.selectFrom('version_objects').select('object_key').execute();
      // Nothing stray: every stored object belongs to a version.
      const used = new Set(keys.map((k) => k.object_key));
      for await (const object of server.running.services.blobs.list()) expect(used.has(object.key)).toBe(true);
      expect(keys.length).toBeGreaterThanOrEqual(expectedFiles.length + 2);
      return keys.map((k) => path.relative(server.dataDir, objectFile(server.config, k.object_key)));
    } finally {
      await raw.close();
    }
  }

  it('the scanner finds every secret in every encoding it searches for', () => {
    for (const secret of kept.secrets) {
      for (const encoding of scanEncodings) {
        if (encodeSecret(secret, encoding) === undefined) continue;
        const found = scanBuffer('control', embedSecret(secret, encoding), needles);
        expect(
          found.some((f) => f.secret === secret.label && f.encoding === encoding),
          `${secret.label} as ${encoding}`,
        ).toBe(true);
      }
    }
    // Both UTF-16 byte orders, base64 at three alignments and two alphabets, hex in two cases, raw: 11 needles per text secret.
    expect(needles.filter((n) => n.secret === 'password 1').length).toBe(11);
  });

  it('while the server runs, no file in the data folder holds a secret (database, WAL, blobs)', async () => {
    // A planted secret in a scratch file of the data folder is found, in every encoding: the scan cannot pass vacuously.
    const control = textSecret('control', marker('control'));
    const scratch = path.join(server.dataDir, 'scan-control');
    mkdirSync(scratch);
    for (const encoding of scanEncodings) writeFileSync(path.join(scratch, `${encoding}.bin`), embedSecret(control, encoding));
    const controlScan = scanTree(server.dataDir, needlesFor([control]));
    for (const encoding of scanEncodings) {
      expect(
        controlScan.findings.some((f) => f.encoding === encoding && f.where === path.join('scan-control', `${encoding}.bin`)),
        encoding,
      ).toBe(true);
    }
    rmSync(scratch, { recursive: true });

    const scan = scanTree(server.dataDir, needles);
    const scanned = new Set(scan.files.map((f) => f.path));
    for (const file of await storedObjectFiles()) expect(scanned.has(file), `object file ${file} was not scanned`).toBe(true);
    if (dialect === 'sqlite') {
      // The write-ahead log holds the latest commits until a checkpoint; it must be on disk, and scanned, now.
      const wal = scan.files.find((f) => f.path === 'coffer.db-wal');
      expect(wal?.size ?? 0).toBeGreaterThan(0);
      expect(scanned.has('coffer.db')).toBe(true);
      // The account's e-mail (stored in the clear) is found: the scan reads the database's records.
      expect(scanTree(server.dataDir, needlesFor([textSecret('email', userEmail)])).findings.length).toBeGreaterThan(0);
    }
    expect(scan.bytesScanned).toBeGreaterThan(4 * MiB);
    expectNoFindings(scan.findings);
  });

  if (dialect === 'postgres') {
    it('a plain pg_dump of the database holds no secret', async () => {
      // Control: a secret stored in a table is found in the dump, as text and as bytea (dumped as hex).
      const control = textSecret('control', marker('dump-control'));
      await execute(server.databaseUrl!, 'CREATE TABLE scan_control (t text, b bytea)');
      await execute(server.databaseUrl!, 'INSERT INTO scan_control VALUES ($1, $2)', [control.text, Buffer.concat([randomBytes(5), control.bytes])]);
      const controlDump = pgDump(server.databaseUrl!);
      await execute(server.databaseUrl!, 'DROP TABLE scan_control');
      const controlFindings = scanBuffer('pg_dump', controlDump, needlesFor([control]));
      expect(controlFindings.map((f) => f.encoding)).toEqual(expect.arrayContaining(['raw', 'hex']));

      const dump = pgDump(server.databaseUrl!);
      expect(dump.includes(Buffer.from(userEmail))).toBe(true);
      expect(dump.includes(Buffer.from('COPY public.nodes'))).toBe(true);
      expectNoFindings(scanBuffer('pg_dump', dump, needles));
    });

    it("PostgreSQL's files for the database and its recent WAL hold no secret", async () => {
      const files = [...(await readDatabaseFiles(server.databaseUrl!)), ...(await readRecentWal(server.databaseUrl!, startedAt))];
      expect(files.some((f) => f.name.startsWith('pg_wal/'))).toBe(true);
      const email = needlesFor([textSecret('email', userEmail)]);
      expect(
        files.some((f) => f.name.startsWith('base/') && scanBuffer(f.name, f.bytes, email).length > 0),
        'the e-mail is not in the database files',
      ).toBe(true);
      expect(
        files.some((f) => f.name.startsWith('pg_wal/') && scanBuffer(f.name, f.bytes, email).length > 0),
        'the e-mail is not in the WAL',
      ).toBe(true);
      expectNoFindings(files.flatMap((f) => scanBuffer(f.name, f.bytes, needles)));
    });
  }

  it('after the server stopped, no file in the data folder holds a secret', async () => {
    const objectFiles = await storedObjectFiles();
    await server.running.close();
    const scan = scanTree(server.dataDir, needles);
    const scanned = new Set(scan.files.map((f) => f.path));
    for (const file of objectFiles) expect(scanned.has(file)).toBe(true);
    if (dialect === 'sqlite') {
      // Closing checkpointed the WAL into the database file, which now holds every record.
      expect(statSync(path.join(server.dataDir, 'coffer.db')).size).toBeGreaterThan(0);
      expect(existsSync(path.join(server.dataDir, 'coffer.db-wal')) ? statSync(path.join(server.dataDir, 'coffer.db-wal')).size : 0).toBe(0);
      expect(scanTree(server.dataDir, needlesFor([textSecret('email', userEmail)])).findings.some((f) => f.where === 'coffer.db')).toBe(true);
    }
    expectNoFindings(scan.findings);
  });
});

describe.each(testDialects())('secrets in the server log on %s', (dialect) => {
  let logged: LogCapturingServer;

  beforeAll(async () => {
    logged = await startLogCapturingServer(dialect, { COFFER_GC_INTERVAL: '1s' });
    expect(logged.config.logLevel).toBe('debug');
  });

  afterAll(async () => {
    await logged?.close();
  });

  it('the debug log holds no marker, password, passphrase, token or recovery key', async () => {
    const kept = keeper();
    kept.text('admin password', adminPassword);
    kept.recoveryKey('admin recovery key', logged.adminRecoveryKey);
    const admin = new TestClient(logged.api);
    await admin.signIn(adminEmail, adminPassword);
    kept.token('admin token', admin.token!);

    const email = `logcheck-${randomBytes(4).toString('hex')}@example.com`;
    const password1 = kept.text('password 1', marker('password1'));
    const created = await admin.json('POST', '/users', { email, password: password1 });
    expect(created.status).toBe(201);
    const recoveryKey = kept.recoveryKey('recovery key', created.body.recoveryKey);
    const client = new TestClient(logged.api);
    const rootId: string = (await client.signIn(email, password1)).rootFolderId;
    kept.token('token 1', client.token!);

    const folder = await client.json('POST', '/folders', { parentId: rootId, name: kept.text('folder name', marker('folder')) });
    expect(folder.status).toBe(201);
    const name = kept.text('file name', marker('file-name'));
    const data = textContent(kept.text('content', marker('content')));
    const uploaded = await client.upload(folder.body.id, name, data);
    expect(uploaded.status).toBe(201);
    const passphrase = kept.text('passphrase', marker('passphrase'));
    const protectedName = kept.text('protected name', marker('protected-name'));
    const protectedUpload = await client.upload(folder.body.id, protectedName, textContent(kept.text('protected content', marker('protected-content'))), {
      passphrase,
    });
    expect(protectedUpload.status).toBe(201);

    // The usual traffic, and failures whose requests carry secrets in bodies, query strings, paths and headers.
    expect((await client.json('GET', `/folders/${folder.body.id}/children`)).status).toBe(200);
    expect((await client.json('GET', `/resolve?path=${encodeURIComponent(`/${folder.body.name}/${name}`)}`)).status).toBe(200);
    expect((await client.json('GET', `/resolve?path=${encodeURIComponent(`/${kept.text('missing name', marker('missing'))}`)}`)).status).toBe(404);
    expect((await client.download(uploaded.body.id)).bytes.equals(data)).toBe(true);
    expect((await client.download(protectedUpload.body.id, passphraseHeader(kept.text('wrong passphrase', marker('wrong-passphrase'))))).status).toBe(403);
    expect((await client.upload(folder.body.id, name, data)).status).toBe(409);
    expect((await client.json('PATCH', `/nodes/${uploaded.body.id}`, { name: kept.text('new name', marker('new-name')) })).status).toBe(200);
    expect((await client.json('POST', '/folders', { parentId: rootId, name: `${kept.text('invalid name', marker('invalid'))}/x` })).status).toBe(400);
    expect((await client.json('POST', '/folders', `{"parentId": "${kept.text('broken json', marker('broken-json'))}`)).status).toBe(400);
    expect((await client.json('GET', `/${kept.text('unknown route', marker('route'))}`)).status).toBe(404);
    expect((await new TestClient(logged.api, `cf1.${kept.text('forged token', marker('forged-token'))}`).json('GET', '/me')).status).toBe(401);
    const wrongSignIn = await new TestClient(logged.api).json('POST', '/auth/sign-in', {
      email,
      password: kept.text('wrong password', marker('wrong-password')),
    });
    expect(wrongSignIn.status).toBe(401);
    const password2 = kept.text('password 2', marker('password2'));
    expect((await client.json('POST', '/me/password', { currentPassword: password1, newPassword: password2 })).status).toBe(204);
    const password3 = kept.text('password 3', marker('password3'));
    expect((await new TestClient(logged.api).json('POST', '/auth/recover', { email, recoveryKey, newPassword: password3 })).status).toBe(204);
    const again = new TestClient(logged.api);
    await again.signIn(email, password3);
    kept.token('token 2', again.token!);
    expect((await again.json('DELETE', `/nodes/${uploaded.body.id}`)).status).toBe(200);

    // A damaged object: its download fails, which the server logs as an integrity failure.
    const raw = await openRawDatabase(logged.config);
    try {
      const [object] = await versionObjects(raw.db, protectedUpload.body.versionId);
      flipBit(objectFile(logged.config, object!.key), 20);
    } finally {
      await raw.close();
    }
    expect((await again.download(protectedUpload.body.id, passphraseHeader(passphrase))).status).toBe(500);
    expect((await again.json('POST', '/auth/sign-out', {})).status).toBe(204);

    // Wait for a periodic garbage collection, then stop the server so every line is written.
    const deadline = Date.now() + 10_000;
    while (!logged.output().includes('garbage collection finished') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await logged.stop()).toBe(0);

    const output = logged.output();
    const entries = output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string; route?: string; status?: number });
    // The capture works and holds the server's log: request summaries, the integrity failure, the collector.
    expect(entries.filter((e) => e.msg === 'request').length).toBeGreaterThanOrEqual(20);
    expect(entries.some((e) => e.msg === 'request' && e.route === '/api/v1/files' && e.status === 201)).toBe(true);
    expect(entries.some((e) => e.msg === 'integrity check failed' && e.level === 50)).toBe(true);
    expect(entries.some((e) => e.msg === 'garbage collection finished')).toBe(true);
    expect(entries.filter((e) => e.msg === 'unexpected error')).toEqual([]);
    expectNoFindings(scanBuffer('server log', Buffer.from(output, 'utf8'), needlesFor(kept.secrets)));
  });
});
