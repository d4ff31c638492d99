import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import {
  countBlobObjects,
  expectError,
  fileBytes,
  listNames,
  makeFolder,
  parseJson,
  randomData,
  rawFetch,
  settle,
  uploadFile,
  usedBytes,
} from '../support/integration-helpers.js';

/** Version history and the trash over HTTP. */
describe.each(testDialects())('versions and trash on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let rootId: string;

  beforeAll(async () => {
    ({ server, client, rootId } = await startSignedIn(dialect));
  });
  afterAll(async () => server?.close());

  describe('versions', () => {
    it('refuses an existing name by default and adds a version on request', async () => {
      const folder = await makeFolder(client, rootId, 'conflicts');
      const file = await uploadFile(client, folder, 'report.txt', 'v1');
      expectError(await client.upload(folder, 'report.txt', 'clash'), 409, 'node.name_taken');
      expectError(await client.upload(folder, 'report.txt', 'clash', { onConflict: 'fail' }), 409, 'node.name_taken');
      expect((await client.json('GET', `/files/${file.id}/versions`)).body.versions).toHaveLength(1);

      const second = await client.upload(folder, 'report.txt', 'version 2', { onConflict: 'version' });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ id: file.id, name: 'report.txt', versionNumber: 2, size: 9 });
      expect(second.body.versionId).not.toBe(file.versionId);
      expect(await listNames(client, folder)).toEqual(['report.txt']);
      expect((await fileBytes(client, file.id)).toString()).toBe('version 2');

      // A folder of that name cannot take a version.
      await makeFolder(client, folder, 'folder');
      expectError(await client.upload(folder, 'folder', 'x', { onConflict: 'version' }), 409, 'node.name_taken');
    });

    it('lists versions newest first, downloads and restores an old one', async () => {
      const folder = await makeFolder(client, rootId, 'history');
      const contents = [randomData(100), randomData(70_000), randomData(5)];
      const file = await uploadFile(client, folder, 'data.bin', contents[0]!);
      const v2 = await rawFetch(client, 'POST', `/files/${file.id}/versions`, { 'content-type': 'application/octet-stream' }, contents[1]);
      expect(v2.status).toBe(201);
      expect(parseJson(v2.bytes)).toMatchObject({ id: file.id, versionNumber: 2, size: 70_000 });
      expect((await client.upload(folder, 'data.bin', contents[2]!, { onConflict: 'version' })).status).toBe(200);

      const listed = await client.json('GET', `/files/${file.id}/versions`);
      expect(listed.status).toBe(200);
      const versions = listed.body.versions as Array<{ id: string; number: number; size: number; current: boolean; merkleRoot: string; createdAt: string }>;
      expect(versions.map((v) => v.number)).toEqual([3, 2, 1]);
      expect(versions.map((v) => v.current)).toEqual([true, false, false]);
      expect(versions.map((v) => v.size)).toEqual([5, 70_000, 100]);
      expect(versions[2]!.id).toBe(file.versionId);
      expect(new Set(versions.map((v) => v.id)).size).toBe(3);
      for (const v of versions) expect(v.merkleRoot).toMatch(/^[0-9a-f]{64}$/);

      const old = await client.download(file.id, {}, `?version=${versions[1]!.id}`);
      expect(old.status).toBe(200);
      expect(old.bytes.equals(contents[1]!)).toBe(true);
      expect(old.headers.get('etag')).toBe(`"${versions[1]!.id}"`);
      expect((await fileBytes(client, file.id)).equals(contents[2]!)).toBe(true);

      const restored = await client.json('POST', `/files/${file.id}/versions/${versions[2]!.id}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ id: file.id, versionId: versions[2]!.id, versionNumber: 1, size: 100 });
      expect((await fileBytes(client, file.id)).equals(contents[0]!)).toBe(true);
      expect((await client.json('GET', `/nodes/${file.id}`)).body).toMatchObject({ size: 100, versionNumber: 1 });
      const after = (await client.json('GET', `/files/${file.id}/versions`)).body.versions as typeof versions;
      expect(after.map((v) => [v.number, v.current])).toEqual([
        [3, false],
        [2, false],
        [1, true],
      ]);

      const next = await client.upload(folder, 'data.bin', 'after restore', { onConflict: 'version' });
      expect(next.body.versionNumber).toBe(4);
      expect((await fileBytes(client, file.id)).toString()).toBe('after restore');
    });

    it('numbers concurrent new versions without gaps or clashes', async () => {
      const folder = await makeFolder(client, rootId, 'concurrent-versions');
      const file = await uploadFile(client, folder, 'busy.txt', 'v1');
      const bodies = ['a', 'bb', 'ccc', 'dddd', 'eeeee'];
      const results = await Promise.all(
        bodies.map((body) => rawFetch(client, 'POST', `/files/${file.id}/versions`, { 'content-type': 'application/octet-stream' }, body)),
      );
      expect(results.map((r) => [r.status, parseJson(r.bytes)?.error?.code])).toEqual(bodies.map(() => [201, undefined]));
      const versions = (await client.json('GET', `/files/${file.id}/versions`)).body.versions as Array<{ number: number; size: number }>;
      expect(versions.map((v) => v.number)).toEqual([6, 5, 4, 3, 2, 1]);
      expect(versions.map((v) => v.size).sort()).toEqual([1, 2, 2, 3, 4, 5]);
    });

    it('rejects versions that do not belong to the file, and folders', async () => {
      const folder = await makeFolder(client, rootId, 'version-errors');
      const a = await uploadFile(client, folder, 'a.txt', 'a');
      const b = await uploadFile(client, folder, 'b.txt', 'b');
      const missing = '0000000000000000000000000a';
      const wrong = await client.download(a.id, {}, `?version=${b.versionId}`);
      expectError({ status: wrong.status, body: parseJson(wrong.bytes) }, 404, 'version.not_found');
      const unknown = await client.download(a.id, {}, `?version=${missing}`);
      expectError({ status: unknown.status, body: parseJson(unknown.bytes) }, 404, 'version.not_found');
      expectError(await client.json('POST', `/files/${a.id}/versions/${b.versionId}/restore`), 404, 'version.not_found');
      expectError(await client.json('POST', `/files/${a.id}/versions/${missing}/restore`), 404, 'version.not_found');
      expectError(await client.json('GET', `/files/${folder}/versions`), 400, 'node.not_a_file');
      expectError(await client.json('POST', `/files/${folder}/versions/${a.versionId}/restore`), 400, 'node.not_a_file');
      const toFolder = await rawFetch(client, 'POST', `/files/${folder}/versions`, { 'content-type': 'application/octet-stream' }, 'x');
      expectError({ status: toFolder.status, body: parseJson(toFolder.bytes) }, 400, 'node.not_a_file');
      expect((await fileBytes(client, a.id)).toString()).toBe('a');
    });
  });

  describe('trash', () => {
    it('hides a trashed item, frees its name and lists it in the trash', async () => {
      const folder = await makeFolder(client, rootId, 'trash-basic');
      const file = await uploadFile(client, folder, 'old.txt', 'old content');
      const trashed = await client.json('DELETE', `/nodes/${file.id}`);
      expect(trashed.status).toBe(200);
      expect(trashed.body).toMatchObject({ id: file.id, name: 'old.txt', parentId: folder });
      expect(Date.parse(trashed.body.trashedAt)).toBeGreaterThan(0);
      expect(await listNames(client, folder)).toEqual([]);
      expect((await client.json('GET', `/nodes/${file.id}`)).body.trashedAt).toBe(trashed.body.trashedAt);
      const download = await client.download(file.id);
      expectError({ status: download.status, body: parseJson(download.bytes) }, 409, 'node.in_trash');
      const trash = await client.json('GET', '/trash');
      expect(trash.body.items.map((i: { id: string }) => i.id)).toContain(file.id);
      expect(trash.body.items.find((i: { id: string }) => i.id === file.id)).toMatchObject({ name: 'old.txt', type: 'file' });

      const replacement = await uploadFile(client, folder, 'old.txt', 'new content');
      expect(replacement.id).not.toBe(file.id);
      expect(await listNames(client, folder)).toEqual(['old.txt']);
      expectError(await client.json('DELETE', `/nodes/${file.id}`), 409, 'node.in_trash');
      expectError(await client.json('DELETE', `/nodes/${rootId}`), 400, 'node.is_root');
    });

    it('restores to the original folder, or under a new name when the old one is taken', async () => {
      const folder = await makeFolder(client, rootId, 'trash-restore');
      const file = await uploadFile(client, folder, 'plan.txt', 'the plan');
      await client.json('DELETE', `/nodes/${file.id}`);
      const restored = await client.json('POST', `/trash/${file.id}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ id: file.id, parentId: folder, name: 'plan.txt', trashedAt: null });
      expect(await listNames(client, folder)).toEqual(['plan.txt']);
      expect((await client.json('GET', '/trash')).body.items.map((i: { id: string }) => i.id)).not.toContain(file.id);
      expectError(await client.json('POST', `/trash/${file.id}/restore`), 409, 'node.not_in_trash');

      await client.json('DELETE', `/nodes/${file.id}`);
      await uploadFile(client, folder, 'plan.txt', 'another plan');
      expectError(await client.json('POST', `/trash/${file.id}/restore`), 409, 'node.name_taken');
      expect((await client.json('GET', `/nodes/${file.id}`)).body.trashedAt).not.toBeNull();
      const renamed = await client.json('POST', `/trash/${file.id}/restore`, { name: 'plan (restored).txt' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ parentId: folder, name: 'plan (restored).txt', trashedAt: null });
      expect(await listNames(client, folder)).toEqual(['plan (restored).txt', 'plan.txt']);
      expect((await fileBytes(client, file.id)).toString()).toBe('the plan');
    });

    it('restores to the root when the original folder is itself in the trash', async () => {
      const folder = await makeFolder(client, rootId, 'trash-parent');
      const inner = await makeFolder(client, folder, 'inner');
      const file = await uploadFile(client, inner, 'orphan-to-be.txt', 'still here');
      await client.json('DELETE', `/nodes/${file.id}`);
      await client.json('DELETE', `/nodes/${folder}`);
      const restored = await client.json('POST', `/trash/${file.id}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body).toMatchObject({ parentId: rootId, name: 'orphan-to-be.txt', trashedAt: null });
      expect(await listNames(client, rootId)).toContain('orphan-to-be.txt');
      expect((await fileBytes(client, file.id)).toString()).toBe('still here');
      // The folder comes back where it was, without the file.
      const folderBack = await client.json('POST', `/trash/${folder}/restore`);
      expect(folderBack.body.parentId).toBe(rootId);
      expect(await listNames(client, inner)).toEqual([]);
    });

    it('makes everything inside a trashed folder unreachable until it is restored', async () => {
      const folder = await makeFolder(client, rootId, 'trash-inside');
      const sub = await makeFolder(client, folder, 'sub');
      const file = await uploadFile(client, sub, 'inside.txt', 'inside');
      const elsewhere = await makeFolder(client, rootId, 'trash-elsewhere');
      const outside = await uploadFile(client, elsewhere, 'outside.txt', 'outside');
      await client.json('DELETE', `/nodes/${folder}`);

      const inTrash = async (response: Promise<{ status: number; body?: unknown }>) => expectError(await response, 409, 'node.in_trash');
      await inTrash(client.json('GET', `/folders/${sub}/children`));
      await inTrash(client.json('POST', '/folders', { parentId: sub, name: 'new' }));
      await inTrash(client.upload(sub, 'new.txt', 'x'));
      await inTrash(client.json('PATCH', `/nodes/${file.id}`, { name: 'renamed.txt' }));
      await inTrash(client.json('PATCH', `/nodes/${file.id}`, { parentId: elsewhere }));
      await inTrash(client.json('PATCH', `/nodes/${outside.id}`, { parentId: sub }));
      await inTrash(client.json('POST', `/nodes/${file.id}/copy`, { parentId: elsewhere }));
      await inTrash(client.json('POST', `/nodes/${outside.id}/copy`, { parentId: sub }));
      await inTrash(client.json('DELETE', `/nodes/${file.id}`));
      await inTrash(client.json('POST', `/files/${file.id}/versions/${file.versionId}/restore`));
      await inTrash(
        rawFetch(client, 'POST', `/files/${file.id}/versions`, { 'content-type': 'application/octet-stream' }, 'v2').then((r) => ({
          status: r.status,
          body: parseJson(r.bytes),
        })),
      );
      await inTrash(client.download(file.id).then((r) => ({ status: r.status, body: parseJson(r.bytes) })));
      expectError(await client.json('GET', `/resolve?path=${encodeURIComponent('/trash-inside/sub/inside.txt')}`), 404, 'node.not_found');
      expectError(await client.json('POST', `/trash/${file.id}/restore`), 409, 'node.not_in_trash');
      expectError(await client.json('DELETE', `/trash/${file.id}`), 409, 'node.not_in_trash');

      expect(await listNames(client, elsewhere)).toEqual(['outside.txt']);
      expect((await client.json('POST', `/trash/${folder}/restore`)).status).toBe(200);
      expect(await listNames(client, sub)).toEqual(['inside.txt']);
      expect((await fileBytes(client, file.id)).toString()).toBe('inside');
    });

    it('purges only trashed items, with their versions and stored objects', async () => {
      const folder = await makeFolder(client, rootId, 'trash-purge');
      const file = await uploadFile(client, folder, 'big.bin', randomData(5_000_000));
      expect((await client.upload(folder, 'big.bin', randomData(1000), { onConflict: 'version' })).status).toBe(200);
      const used = await usedBytes(client);
      const objects = countBlobObjects(server.config.blobDir);
      expectError(await client.json('DELETE', `/trash/${file.id}`), 409, 'node.not_in_trash');
      expectError(await client.json('DELETE', `/trash/${folder}`), 409, 'node.not_in_trash');

      await client.json('DELETE', `/nodes/${file.id}`);
      const purged = await client.json('DELETE', `/trash/${file.id}`);
      expect(purged.status).toBe(204);
      expect(purged.body).toBeUndefined();
      expectError(await client.json('GET', `/nodes/${file.id}`), 404, 'node.not_found');
      expectError(await client.json('GET', `/files/${file.id}/versions`), 404, 'node.not_found');
      expectError(await client.json('POST', `/trash/${file.id}/restore`), 404, 'node.not_found');
      expect((await client.json('GET', '/trash')).body.items.map((i: { id: string }) => i.id)).not.toContain(file.id);
      expect(await usedBytes(client)).toBe(used - 5_001_000);
      // Version 1 had two objects, version 2 one.
      expect(await settle(() => countBlobObjects(server.config.blobDir), objects - 3)).toBe(objects - 3);
    });

    it('purges a trashed folder with everything in it, and empties the whole trash', async () => {
      expect((await client.json('DELETE', '/trash')).status).toBe(200); // leftovers of earlier tests
      const folder = await makeFolder(client, rootId, 'trash-empty');
      const sub = await makeFolder(client, folder, 'sub');
      const deep = await uploadFile(client, sub, 'deep.bin', randomData(3000));
      const loose = await uploadFile(client, rootId, 'loose.bin', randomData(2000));
      const used = await usedBytes(client);
      const objects = countBlobObjects(server.config.blobDir);
      await client.json('DELETE', `/nodes/${folder}`);
      await client.json('DELETE', `/nodes/${loose.id}`);

      const trashIds = (await client.json('GET', '/trash')).body.items.map((i: { id: string }) => i.id);
      expect(trashIds.sort()).toEqual([folder, loose.id].sort());
      const emptied = await client.json('DELETE', '/trash');
      expect(emptied.status).toBe(200);
      expect(emptied.body).toEqual({ purged: 2 });
      expect((await client.json('GET', '/trash')).body.items).toEqual([]);
      for (const id of [folder, sub, deep.id, loose.id]) expectError(await client.json('GET', `/nodes/${id}`), 404, 'node.not_found');
      expect(await usedBytes(client)).toBe(used - 5000);
      expect(await settle(() => countBlobObjects(server.config.blobDir), objects - 2)).toBe(objects - 2);
      expect((await client.json('DELETE', '/trash')).body).toEqual({ purged: 0 });
    });
  });
});
