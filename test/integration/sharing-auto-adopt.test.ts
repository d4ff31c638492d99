import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { createUser, fileBytes, listNames, makeFolder } from '../support/integration-helpers.js';
import { openRawDatabase, type RawDatabase } from '../support/storage-tamper.js';
import { autoAdoptLimit } from '../../src/features/sharing/index.js';

/** Drops are adopted when their owner lists the folder they went to: bounded per request, once, under concurrency. */
describe.each(testDialects())('automatic adoption of file request drops on %s', (dialect) => {
  let server: TestServer;
  let owner: TestClient;
  let ownerRoot: string;
  let raw: RawDatabase;

  beforeAll(async () => {
    let admin: TestClient;
    ({ server, client: admin } = await startSignedIn(dialect));
    ({ client: owner } = await createUser(admin, 'erin@example.com', 'erin password 1'));
    ownerRoot = (await owner.json('GET', '/me')).body.rootFolderId;
    raw = await openRawDatabase(server.config);
  });
  afterAll(async () => {
    await raw?.close();
    await server?.close();
  });

  async function requestInto(folderId: string): Promise<(name: string, data: string) => Promise<string>> {
    const created = await owner.json('POST', '/requests', { folderId });
    expect(created.status).toBe(201);
    return async (name, data) => {
      const response = await fetch(`${server.api}/public/requests/${created.body.request.id}/files?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-coffer-request-token': created.body.token },
        body: Buffer.from(data),
      });
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
  }

  async function sealedIn(folderId: string): Promise<number> {
    const rows = await raw.db.selectFrom('nodes').select('id').where('parent_id', '=', folderId).where('key_protection', '=', 'sealed').execute();
    return rows.length;
  }

  it('adopts drops when the owner lists their folder, with their names, and leaves other folders for later', async () => {
    const inbox = await makeFolder(owner, ownerRoot, 'Inbox');
    const elsewhere = await makeFolder(owner, ownerRoot, 'Elsewhere');
    const drop = await requestInto(inbox);
    const first = await drop('scan.pdf', 'first scan');
    await drop('scan.pdf', 'second scan');
    await (
      await requestInto(elsewhere)
    )('other.txt', 'not listed yet');
    expect(await sealedIn(inbox)).toBe(2);

    expect((await listNames(owner, inbox)).sort()).toEqual(['scan (2).pdf', 'scan.pdf']);
    expect(await sealedIn(inbox)).toBe(0);
    expect((await fileBytes(owner, first)).toString()).toBe('first scan');
    expect(await sealedIn(elsewhere)).toBe(1);
    // Idempotent: listing again changes nothing; the explicit adopt finds only the other folder's drop.
    expect((await listNames(owner, inbox)).sort()).toEqual(['scan (2).pdf', 'scan.pdf']);
    expect((await owner.json('POST', '/requests/adopt', {})).body).toEqual({ adopted: 1 });
    expect(await listNames(owner, elsewhere)).toEqual(['other.txt']);
  });

  it(`adopts at most ${autoAdoptLimit} drops per listing`, async () => {
    const bulk = await makeFolder(owner, ownerRoot, 'Bulk');
    const drop = await requestInto(bulk);
    for (let i = 0; i < autoAdoptLimit + 3; i++) await drop(`page-${i}.txt`, `page ${i}`);
    await listNames(owner, bulk);
    expect(await sealedIn(bulk)).toBe(3);
    const names = await listNames(owner, bulk);
    expect(await sealedIn(bulk)).toBe(0);
    expect(names.sort()).toEqual(Array.from({ length: autoAdoptLimit + 3 }, (_, i) => `page-${i}.txt`).sort());
  });

  it('adopts each drop once, under unique names, when listings and an explicit adopt race', async () => {
    const race = await makeFolder(owner, ownerRoot, 'Race');
    const drop = await requestInto(race);
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await drop('same.txt', `copy ${i}`));
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => owner.json('GET', `/folders/${race}/children`)),
      owner.json('POST', '/requests/adopt', {}),
    ]);
    for (const r of results) expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(await sealedIn(race)).toBe(0);
    const names = await listNames(owner, race);
    expect(names.sort()).toEqual(['same.txt', ...Array.from({ length: 7 }, (_, i) => `same (${i + 2}).txt`)].sort());
    const contents = (await Promise.all(ids.map((id) => fileBytes(owner, id)))).map(String);
    expect(contents.sort()).toEqual(Array.from({ length: 8 }, (_, i) => `copy ${i}`));
  });
});
