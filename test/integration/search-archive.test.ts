import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { adminPassword, startSignedIn, type TestServer } from '../support/test-server.js';
import { makeFolder, uploadFile } from '../support/integration-helpers.js';

/** Drive-wide search over encrypted names, and the zip of a selection. */
describe.each(testDialects())('search and archive on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let rootId: string;
  let docs: string;
  let inner: string;
  let trashed: string;
  let report: string;
  let secret: string;

  beforeAll(async () => {
    ({ server, client, rootId } = await startSignedIn(dialect));
    docs = await makeFolder(client, rootId, 'Documents');
    inner = await makeFolder(client, docs, 'Tax Reports');
    report = (await uploadFile(client, inner, 'Report 2024.txt', 'annual report')).id;
    await uploadFile(client, docs, 'notes.md', '# notes');
    trashed = await makeFolder(client, rootId, 'Old reports');
    await uploadFile(client, trashed, 'report-old.txt', 'old');
    expect((await client.json('DELETE', `/nodes/${trashed}`)).status).toBe(200);
    secret = (await client.upload(docs, 'secret report.txt', 'hidden', { passphrase: 'pass phrase' })).body.id;
  });
  afterAll(async () => server?.close());

  it('finds names anywhere in the drive, case-insensitively, with their folder, leaving out the trash', async () => {
    const found = await client.json('GET', '/search?q=REPORT');
    expect(found.status).toBe(200);
    const hits = found.body.hits.map((hit: { node: { name: string }; folderPath: string }) => `${hit.folderPath}|${hit.node.name}`).sort();
    expect(hits).toEqual(['/Documents/Tax Reports|Report 2024.txt', '/Documents|Tax Reports', '/Documents|secret report.txt']);
    expect(found.body.truncated).toBe(false);
    const limited = await client.json('GET', '/search?q=report&limit=1');
    expect(limited.body.hits).toHaveLength(1);
    expect(limited.body.truncated).toBe(true);
  });

  it('searches only the caller’s own drive and refuses an empty query', async () => {
    const other = new TestClient(server.api);
    await client.json('POST', '/users', { email: 'other@example.com', password: adminPassword });
    await other.signIn('other@example.com', adminPassword);
    expect((await other.json('GET', '/search?q=report')).body.hits).toEqual([]);
    expect((await client.json('GET', '/search?q=')).status).toBe(400);
    expect((await new TestClient(server.api).json('GET', '/search?q=report')).status).toBe(401);
    // Another user's ids in an archive are as missing as ids that never existed.
    expect((await other.json('GET', `/archive?ids=${report}`)).status).toBe(404);
  });

  it('streams a zip of files and folders, noting passphrase-protected files it cannot open', async () => {
    const response = await fetch(`${server.api}/archive?ids=${docs},${report}&name=selection`, { headers: client.headers() });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toContain('selection.zip');
    const entries = await unzip(Buffer.from(await response.arrayBuffer()));
    expect(Object.keys(entries).sort()).toEqual([
      'COFFER-SKIPPED.txt',
      'Documents/',
      'Documents/Tax Reports/',
      'Documents/Tax Reports/Report 2024.txt',
      'Documents/notes.md',
      'Report 2024.txt',
    ]);
    expect(entries['Documents/Tax Reports/Report 2024.txt']).toBe('annual report');
    expect(entries['COFFER-SKIPPED.txt']).toContain('Documents/secret report.txt');
    expect(entries).not.toHaveProperty('Documents/secret report.txt');
    expect(secret).toBeTruthy();
  });

  it('refuses bad selections before the first byte', async () => {
    expect((await client.json('GET', '/archive?ids=not-an-id')).status).toBe(400);
    expect((await client.json('GET', `/archive?ids=${rootId}`)).status).toBe(400);
    expect((await client.json('GET', `/archive?ids=${trashed}`)).status).toBe(409);
  });
});

function unzip(zip: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      const entries: Record<string, string> = {};
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          entries[entry.fileName] = '';
          file.readEntry();
          return;
        }
        file.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return reject(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            entries[entry.fileName] = Buffer.concat(chunks).toString();
            file.readEntry();
          });
        });
      });
      file.on('end', () => resolve(entries));
      file.readEntry();
    });
  });
}
