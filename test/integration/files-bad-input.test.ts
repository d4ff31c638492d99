import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/domain/index.js';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import {
  countBlobObjects,
  createUser,
  expectError,
  fileBytes,
  listNames,
  makeFolder,
  parseJson,
  rawFetch,
  uploadFile,
  usedBytes,
} from '../support/integration-helpers.js';

/** Bad input gets the right status and code, and changes nothing. */

const badNames: Array<[string, string]> = [
  ['a slash', 'a/b'],
  ['only a slash', '/'],
  ['a backslash', 'a\\b'],
  ['NUL', 'a\u0000b'],
  ['a control character', 'bell\u0007'],
  ['a newline', 'two\nlines'],
  ['a tab', 'tab\there'],
  ['DEL', 'del\u007f'],
  ['a dot', '.'],
  ['two dots', '..'],
  ['nothing', ''],
  ['a leading space', ' lead'],
  ['a trailing space', 'trail '],
  ['only spaces', '   '],
  ['a leading no-break space', '\u00a0nbsp'],
  ['256 ASCII bytes', 'x'.repeat(256)],
  ['256 bytes of two-byte characters', '\u00e9'.repeat(128)],
  ['256 bytes of three-byte characters', '\u20ac'.repeat(85) + 'a'],
  ['256 bytes of four-byte characters', '\u{1F600}'.repeat(64)],
];

/** Exactly 255 bytes of UTF-8 after NFC normalization: accepted. */
const longestNames: Array<[string, string]> = [
  ['255 ASCII bytes', 'y'.repeat(255)],
  ['two-byte characters', '\u00e9'.repeat(127) + 'x'],
  ['three-byte characters', '\u20ac'.repeat(85)],
  ['four-byte characters', '\u{1F600}'.repeat(63) + 'abc'],
  ['decomposed characters that compose to 255 bytes', 'e\u0301'.repeat(127) + 'z'],
];

describe.each(testDialects())('bad input on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let rootId: string;

  beforeAll(async () => {
    ({ server, client, rootId } = await startSignedIn(dialect));
  });
  afterAll(async () => server?.close());

  describe('names', () => {
    let folder: string;
    let existing: { id: string };
    beforeAll(async () => {
      folder = await makeFolder(client, rootId, 'names');
      existing = await uploadFile(client, folder, 'existing.txt', 'unchanged');
    });

    it.each(badNames)('refuses a name with %s everywhere a name is given', async (_label, name) => {
      const used = await usedBytes(client);
      const objects = countBlobObjects(server.config.blobDir);
      expectError(await client.json('POST', '/folders', { parentId: folder, name }), 400, 'node.name_invalid');
      expectError(await client.upload(folder, name, 'data'), 400, 'node.name_invalid');
      expectError(await client.json('PATCH', `/nodes/${existing.id}`, { name }), 400, 'node.name_invalid');
      expectError(await client.json('POST', `/nodes/${existing.id}/copy`, { parentId: folder, name }), 400, 'node.name_invalid');
      expect(await listNames(client, folder)).toEqual(['existing.txt']);
      expect((await client.json('GET', `/nodes/${existing.id}`)).body.name).toBe('existing.txt');
      expect(await usedBytes(client)).toBe(used);
      expect(countBlobObjects(server.config.blobDir)).toBe(objects);
    });

    it('refuses an unpaired surrogate and an overlong name field', async () => {
      expectError(await client.json('POST', '/folders', { parentId: folder, name: 'half \ud800 pair' }), 400, 'node.name_invalid');
      const overlong = await client.json('POST', '/folders', { parentId: folder, name: 'z'.repeat(1025) });
      expectError(overlong, 400, 'request.invalid');
      expect(overlong.body.error.message).toContain('body.name');
      expect(await listNames(client, folder)).toEqual(['existing.txt']);
    });

    it.each(longestNames)('accepts a name of exactly 255 bytes (%s) everywhere a name is given', async (label, name) => {
      const normalized = name.normalize('NFC');
      expect(Buffer.byteLength(normalized, 'utf8')).toBe(255);
      const [forFolder, forUpload, forRename] = [
        await makeFolder(client, folder, `${label} 1`),
        await makeFolder(client, folder, `${label} 2`),
        await makeFolder(client, folder, `${label} 3`),
      ];
      const made = await client.json('POST', '/folders', { parentId: forFolder, name });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect(made.body.name).toBe(normalized);
      const uploaded = await client.upload(forUpload, name, 'data');
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      expect(uploaded.body.name).toBe(normalized);
      const disposition = (await client.download(uploaded.body.id)).headers.get('content-disposition') ?? '';
      expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1] ?? '')).toBe(normalized);
      const other = await uploadFile(client, forRename, 'short', 'data');
      const renamed = await client.json('PATCH', `/nodes/${other.id}`, { name });
      expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
      expect(await listNames(client, forRename)).toEqual([normalized]);
      expectError(await client.json('POST', '/folders', { parentId: forRename, name: normalized }), 409, 'node.name_taken');
    });

    it('treats composed and decomposed forms as one name (NFC)', async () => {
      const sub = await makeFolder(client, folder, 'nfc');
      const composed = 'caf\u00e9.txt';
      const decomposed = 'cafe\u0301.txt';
      const file = await uploadFile(client, sub, composed, 'first');
      expectError(await client.upload(sub, decomposed, 'second'), 409, 'node.name_taken');
      expectError(await client.json('POST', '/folders', { parentId: sub, name: decomposed }), 409, 'node.name_taken');
      const other = await uploadFile(client, sub, 'other.txt', 'other');
      expectError(await client.json('PATCH', `/nodes/${other.id}`, { name: decomposed }), 409, 'node.name_taken');
      expect(await listNames(client, sub)).toEqual([composed, 'other.txt']);
      expect((await fileBytes(client, file.id)).toString()).toBe('first');

      const folderNfd = await client.json('POST', '/folders', { parentId: sub, name: 'Re\u0301sume\u0301' });
      expect(folderNfd.status).toBe(201);
      expect(folderNfd.body.name).toBe('R\u00e9sum\u00e9');
      expectError(await client.upload(sub, 'R\u00e9sum\u00e9', 'x'), 409, 'node.name_taken');
    });

    it('keeps one item per name, whether folder or file', async () => {
      const sub = await makeFolder(client, folder, 'duplicates');
      const dupFolder = await makeFolder(client, sub, 'dup');
      const dupFile = await uploadFile(client, sub, 'dup.txt', 'file');
      const elsewhere = await makeFolder(client, sub, 'elsewhere');
      const movable = await uploadFile(client, elsewhere, 'dup.txt', 'movable');
      const before = await usedBytes(client);

      expectError(await client.json('POST', '/folders', { parentId: sub, name: 'dup' }), 409, 'node.name_taken');
      expectError(await client.upload(sub, 'dup', 'x'), 409, 'node.name_taken');
      expectError(await client.upload(sub, 'dup', 'x', { onConflict: 'version' }), 409, 'node.name_taken');
      expectError(await client.json('POST', '/folders', { parentId: sub, name: 'dup.txt' }), 409, 'node.name_taken');
      expectError(await client.json('PATCH', `/nodes/${dupFolder}`, { name: 'dup.txt' }), 409, 'node.name_taken');
      expectError(await client.json('PATCH', `/nodes/${movable.id}`, { parentId: sub }), 409, 'node.name_taken');
      expectError(await client.json('POST', `/nodes/${movable.id}/copy`, { parentId: sub }), 409, 'node.name_taken');
      expectError(await client.json('POST', `/nodes/${elsewhere}/copy`, { parentId: sub, name: 'dup' }), 409, 'node.name_taken');

      expect(await listNames(client, sub)).toEqual(['dup', 'elsewhere', 'dup.txt']);
      expect(await listNames(client, elsewhere)).toEqual(['dup.txt']);
      expect(await listNames(client, dupFolder)).toEqual([]);
      expect((await fileBytes(client, dupFile.id)).toString()).toBe('file');
      expect((await client.json('GET', `/files/${dupFile.id}/versions`)).body.versions).toHaveLength(1);
      expect(await usedBytes(client)).toBe(before);
    });
  });

  it('lets exactly one of several simultaneous creations of a name win', async () => {
    const folder = await makeFolder(client, rootId, 'races');
    const objects = countBlobObjects(server.config.blobDir);
    const used = await usedBytes(client);
    const uploads = await Promise.all([1, 2, 3, 4, 5].map((n) => client.upload(folder, 'contested.txt', `attempt ${n}`)));
    expect(uploads.filter((r) => r.status === 201)).toHaveLength(1);
    for (const loser of uploads.filter((r) => r.status !== 201)) expectError(loser, 409, 'node.name_taken');
    const folders = await Promise.all([1, 2, 3, 4, 5].map(() => client.json('POST', '/folders', { parentId: folder, name: 'contested' })));
    expect(folders.filter((r) => r.status === 201)).toHaveLength(1);
    for (const loser of folders.filter((r) => r.status !== 201)) expectError(loser, 409, 'node.name_taken');
    expect(await listNames(client, folder)).toEqual(['contested', 'contested.txt']);
    expect(countBlobObjects(server.config.blobDir)).toBe(objects + 1);
    expect(await usedBytes(client)).toBe(used + 'attempt 1'.length);
  });

  describe('malformed requests', () => {
    it('answers malformed JSON with request.malformed_json and creates nothing', async () => {
      const folder = await makeFolder(client, rootId, 'malformed');
      const cases: Array<[string, string, string]> = [
        ['POST', '/folders', `{"parentId": "${folder}", "name": "x"`],
        ['POST', '/folders', `{parentId: '${folder}'}`],
        ['PATCH', `/nodes/${folder}`, 'not json at all'],
        ['POST', '/auth/sign-in', '{"email":'],
        ['POST', '/folders', ''],
      ];
      for (const [method, path, body] of cases) {
        expectError(await client.json(method, path, body), 400, 'request.malformed_json');
      }
      expect(await listNames(client, folder)).toEqual([]);
      expect((await client.json('GET', `/nodes/${folder}`)).body.name).toBe('malformed');
    });

    it('answers wrong JSON types with request.invalid naming the field', async () => {
      const folder = await makeFolder(client, rootId, 'types');
      const { user } = await createUser(client, 'typed@example.com', 'typed password');
      const cases: Array<[string, string, unknown, string]> = [
        ['POST', '/folders', { parentId: 123, name: 'x' }, 'body.parentId'],
        ['POST', '/folders', { parentId: folder, name: 42 }, 'body.name'],
        ['POST', '/folders', { name: 'x' }, 'body.parentId'],
        ['POST', '/folders', [folder, 'x'], 'body'],
        ['PATCH', `/nodes/${folder}`, { name: ['x'] }, 'body.name'],
        ['POST', `/nodes/${folder}/copy`, { parentId: null }, 'body.parentId'],
        ['PATCH', `/users/${user.id}`, { quotaBytes: 'lots' }, 'body.quotaBytes'],
        ['PATCH', `/users/${user.id}`, { quotaBytes: 1.5 }, 'body.quotaBytes'],
        ['PATCH', `/users/${user.id}`, { status: 'sleeping' }, 'body.status'],
        ['POST', '/users', { email: 'x@example.com', password: 'long enough password', role: 'superuser' }, 'body.role'],
        ['POST', '/auth/sign-in', { email: ['admin@example.com'], password: 'x' }, 'body.email'],
        ['POST', '/auth/sign-in', { email: 'admin@example.com', password: 'x', kind: 'cookie' }, 'body.kind'],
      ];
      for (const [method, path, body, field] of cases) {
        const response = await client.json(method, path, body);
        expectError(response, 400, 'request.invalid');
        expect(response.body.error.message, `${method} ${path}`).toContain(field);
      }
      for (const [query, field] of [
        [`/folders/${folder}/children?limit=many`, 'query.limit'],
        [`/folders/${folder}/children?sort=colour`, 'query.sort'],
        [`/resolve`, 'query.path'],
      ] as const) {
        const response = await client.json('GET', query);
        expectError(response, 400, 'request.invalid');
        expect(response.body.error.message).toContain(field);
      }
      for (const [query, field] of [
        [`parentId=${folder}`, 'query.name'],
        [`name=x.txt`, 'query.parentId'],
        [`parentId=nope&name=x.txt`, 'query.parentId'],
        [`parentId=${folder}&name=x.txt&onConflict=replace`, 'query.onConflict'],
      ] as const) {
        const response = await rawFetch(client, 'POST', `/files?${query}`, { 'content-type': 'application/octet-stream' }, 'data');
        const body = parseJson(response.bytes);
        expectError({ status: response.status, body }, 400, 'request.invalid');
        expect(body.error.message).toContain(field);
      }
      expect(await listNames(client, folder)).toEqual([]);
      expect((await client.json('GET', '/users')).body.users.find((u: { id: string }) => u.id === user.id)).toMatchObject({
        status: 'active',
        quotaBytes: server.config.defaultQuotaBytes,
      });
    });

    it('answers invalid ids in the path with request.invalid', async () => {
      const valid = newId();
      for (const [method, path] of [
        ['GET', '/nodes/abc'],
        ['GET', `/nodes/${valid.toUpperCase()}`],
        ['GET', `/nodes/${valid}0`],
        ['GET', `/nodes/${valid.slice(0, 25)}i`],
        ['GET', '/folders/..%2F..%2Fetc/children'],
        ['GET', '/files/abc/content'],
        ['GET', '/files/abc/versions'],
        ['POST', `/files/${valid}/versions/abc/restore`],
        ['PATCH', '/nodes/abc'],
        ['DELETE', '/nodes/abc'],
        ['DELETE', '/trash/abc'],
        ['POST', '/trash/abc/restore'],
        ['PATCH', '/users/abc'],
      ] as const) {
        const response = await rawFetch(
          client,
          method,
          path,
          method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' },
          method === 'GET' || method === 'DELETE' ? undefined : '{}',
        );
        const body = parseJson(response.bytes);
        expectError({ status: response.status, body }, 400, 'request.invalid');
        expect(body.error.message, `${method} ${path}`).toMatch(/path\.(id|versionId)/);
      }
    });

    it('answers unknown routes with route.not_found in the error body shape', async () => {
      for (const [method, url] of [
        ['GET', `${server.api}/nope`],
        ['POST', `${server.api}/nodes`],
        ['PUT', `${server.api}/nodes/${newId()}`],
        ['GET', `${server.url}/api/v2/health`],
        ['POST', `${server.url}/not-the-api`],
        // GET /not-the-api is a web app route (the page, see web-app-serving.test.ts), not a 404.
      ] as const) {
        for (const headers of [client.headers(), {}]) {
          const response = await fetch(url, { method, headers });
          const body = (await response.json()) as { error: Record<string, unknown> };
          expect(response.status, `${method} ${url}`).toBe(404);
          expect(Object.keys(body)).toEqual(['error']);
          expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
          expect(body.error.code).toBe('route.not_found');
          expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        }
      }
    });
  });

  describe("another account's items", () => {
    it('are indistinguishable from missing ones for every operation', async () => {
      const { client: owner, user } = await createUser(client, 'owner@example.com', 'owner password');
      const folder = await makeFolder(owner, user.rootFolderId, 'private');
      const file = await uploadFile(owner, folder, 'private.txt', 'mine only');
      await owner.json('DELETE', `/nodes/${(await uploadFile(owner, folder, 'binned.txt', 'x')).id}`);
      const binned = (await owner.json('GET', '/trash')).body.items[0];
      const intruderRoot = rootId;
      const missing = newId();

      const attempts: Array<[string, (id: string) => Promise<{ status: number; body: unknown }>]> = [
        ['get', (id) => client.json('GET', `/nodes/${id}`)],
        [
          'download',
          async (id) => {
            const r = await client.download(id);
            return { status: r.status, body: parseJson(r.bytes) };
          },
        ],
        ['rename', (id) => client.json('PATCH', `/nodes/${id}`, { name: 'stolen.txt' })],
        ['move away', (id) => client.json('PATCH', `/nodes/${id}`, { parentId: intruderRoot })],
        ['trash', (id) => client.json('DELETE', `/nodes/${id}`)],
        ['versions', (id) => client.json('GET', `/files/${id}/versions`)],
        [
          'new version',
          async (id) => {
            const r = await rawFetch(client, 'POST', `/files/${id}/versions`, { 'content-type': 'application/octet-stream' }, 'overwrite');
            return { status: r.status, body: parseJson(r.bytes) };
          },
        ],
        ['copy', (id) => client.json('POST', `/nodes/${id}/copy`, { parentId: intruderRoot })],
        ['list', (id) => client.json('GET', `/folders/${id}/children`)],
        ['create inside', (id) => client.json('POST', '/folders', { parentId: id, name: 'planted' })],
        ['upload inside', (id) => client.upload(id, 'planted.txt', 'planted')],
        ['move inside', async (id) => client.json('PATCH', `/nodes/${await makeFolder(client, rootId, `mover-${newId()}`)}`, { parentId: id })],
        ['restore', (id) => client.json('POST', `/trash/${id}/restore`)],
        ['purge', (id) => client.json('DELETE', `/trash/${id}`)],
      ];
      for (const [label, attempt] of attempts) {
        const missingAnswer = await attempt(missing);
        expectError(missingAnswer, 404, 'node.not_found');
        for (const foreign of [file.id, folder, binned.id]) {
          const foreignAnswer = await attempt(foreign);
          expect({ label, status: foreignAnswer.status, body: foreignAnswer.body }).toEqual({ label, status: 404, body: missingAnswer.body });
        }
      }

      expect((await fileBytes(owner, file.id)).toString()).toBe('mine only');
      expect((await owner.json('GET', `/nodes/${file.id}`)).body).toMatchObject({ name: 'private.txt', parentId: folder, trashedAt: null, versionNumber: 1 });
      expect(await listNames(owner, folder)).toEqual(['private.txt']);
      expect((await owner.json('GET', '/trash')).body.items.map((i: { id: string }) => i.id)).toEqual([binned.id]);
      expect((await owner.json('GET', `/files/${file.id}/versions`)).body.versions).toHaveLength(1);
      expectError(await client.json('POST', `/files/${file.id}/versions/${file.versionId}/restore`), 404, 'node.not_found');
    });
  });
});
