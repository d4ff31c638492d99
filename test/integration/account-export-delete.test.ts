import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../support/dialects.js';
import { TestClient } from '../support/http-client.js';
import { countBlobObjects, expectError } from '../support/integration-helpers.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';

/** Unpacks a zip with Python's zipfile (an independent reader) into { entry name: bytes }. */
function unzip(zip: Buffer): Record<string, Buffer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'coffer-unzip-'));
  try {
    writeFileSync(path.join(dir, 'x.zip'), zip);
    const script =
      'import zipfile,sys,json,base64\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: base64.b64encode(z.read(i)).decode() for i in z.infolist()}))';
    const listing = JSON.parse(execFileSync('python3', ['-c', script, path.join(dir, 'x.zip')], { encoding: 'utf8', maxBuffer: 1 << 28 })) as Record<
      string,
      string
    >;
    return Object.fromEntries(Object.entries(listing).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(testDialects())('account export and deletion (%s)', (dialect) => {
  let server: TestServer;
  let admin: TestClient;
  let member: TestClient;
  const email = 'leaver@example.com';
  const password = 'leaver password 1';
  const big = randomBytes(6 * 1024 * 1024 + 5);

  beforeAll(async () => {
    ({ server, client: admin } = await startSignedIn(dialect, { COFFER_GC_GRACE_PERIOD: '1ms' }));
    expect((await admin.json('POST', '/users', { email, password })).status).toBe(201);
    member = new TestClient(server.api);
    const root = (await member.signIn(email, password)).rootFolderId as string;
    const folder = (await member.json('POST', '/folders', { parentId: root, name: 'Photos' })).body.id as string;
    expect((await member.upload(folder, 'big.bin', big)).status).toBe(201);
    expect((await member.upload(root, 'note.txt', 'v1')).status).toBe(201);
    expect((await member.upload(root, 'note.txt', 'v2 text', { onConflict: 'version' })).status).toBe(200);
    expect((await member.upload(root, 'secret.txt', 'hidden', { passphrase: 'a long passphrase' })).status).toBe(201);
    const trashed = (await member.upload(root, 'old.txt', 'old bytes')).body.id as string;
    await member.json('DELETE', `/nodes/${trashed}`);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('exports every file decrypted, trash apart, with a metadata JSON; passphrase files are listed but not included', async () => {
    const response = await fetch(`${server.api}/me/export`, { headers: member.headers() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    const zipBytes = Buffer.from(await response.arrayBuffer());
    const entries = unzip(zipBytes);
    expect(entries['files/Photos/big.bin']!.equals(big)).toBe(true);
    expect(entries['files/note.txt']!.toString()).toBe('v2 text');
    expect(entries['trash/old.txt']!.toString()).toBe('old bytes');
    expect(entries['files/secret.txt']).toBeUndefined();
    const meta = JSON.parse(entries['coffer-export.json']!.toString('utf8'));
    expect(meta).toMatchObject({ format: 'coffer-account-export', version: 1, account: { email }, shares: [] });
    const byPath: Record<string, Record<string, unknown>> = Object.fromEntries((meta.items as { path: string }[]).map((i) => [i.path, i]));
    expect(byPath['files/note.txt']).toMatchObject({
      type: 'file',
      contentIncluded: true,
      versions: [expect.objectContaining({ number: 1 }), expect.objectContaining({ number: 2, current: true })],
    });
    expect(byPath['files/secret.txt']).toMatchObject({ passphraseProtected: true, contentIncluded: false });
    expect(byPath['trash/old.txt']?.trashedAt).toEqual(expect.any(String));
    expect((await fetch(`${server.api}/me/export`)).status).toBe(401);
  });

  it('deletes the account only with the right password; then its sessions, keys and (after GC) objects are gone', async () => {
    const objectsBefore = countBlobObjects(server.config.blobDir);
    expectError(await member.json('POST', '/me/delete', { password: 'wrong password here' }), 401, 'auth.invalid_credentials');
    expect((await member.json('GET', '/me')).status).toBe(200);
    expect((await member.json('POST', '/me/delete', { password })).status).toBe(204);
    expect((await member.json('GET', '/me')).status).toBe(401);
    expect((await new TestClient(server.api).json('POST', '/auth/sign-in', { email, password })).status).toBe(401);
    expect(((await admin.json('GET', '/users')).body.users as { email: string }[]).map((u) => u.email)).not.toContain(email);
    await new Promise((r) => setTimeout(r, 5));
    const report = await server.running.services.gc.run();
    expect(report.objectsDeleted).toBeGreaterThanOrEqual(3);
    expect(countBlobObjects(server.config.blobDir)).toBe(objectsBefore - report.objectsDeleted);
    expect(countBlobObjects(server.config.blobDir)).toBe(0);
  });

  it('refuses to delete the last administrator', async () => {
    expectError(await admin.json('POST', '/me/delete', { password: 'correct horse battery staple' }), 409, 'user.last_admin');
    expect((await admin.json('GET', '/me')).status).toBe(200);
  });
});
