import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { expectError, fileBytes, listNames, makeFolder, randomData, sleep, uploadFile, usedBytes } from '../support/integration-helpers.js';

/** The folder tree over HTTP: folders, listings (sort, paging), paths, rename, move and copy. */
describe.each(testDialects())('files and folders on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let rootId: string;

  beforeAll(async () => {
    ({ server, client, rootId } = await startSignedIn(dialect));
  });
  afterAll(async () => server?.close());

  it('creates nested folders and resolves paths to them', async () => {
    const created = await client.json('POST', '/folders', { parentId: rootId, name: 'Documents' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'folder',
      name: 'Documents',
      parentId: rootId,
      size: 0,
      mimeType: null,
      versionId: null,
      trashedAt: null,
      damaged: false,
    });
    const year = await makeFolder(client, created.body.id, '2024');
    const quarter = await makeFolder(client, year, 'Q1');
    const report = await uploadFile(client, quarter, 'report.pdf', 'pdf bytes');

    const resolved = await client.json('GET', `/resolve?path=${encodeURIComponent('/Documents/2024/Q1/report.pdf')}`);
    expect(resolved.status).toBe(200);
    expect(resolved.body.node).toMatchObject({ id: report.id, name: 'report.pdf', type: 'file', size: 9, versionNumber: 1 });
    expect(resolved.body.path.map((n: { id: string }) => n.id)).toEqual([rootId, created.body.id, year, quarter, report.id]);
    expect(resolved.body.path.map((n: { name: string }) => n.name)).toEqual(['', 'Documents', '2024', 'Q1', 'report.pdf']);

    const folder = await client.json('GET', `/resolve?path=${encodeURIComponent('Documents/2024/')}`);
    expect(folder.body.node).toMatchObject({ id: year, type: 'folder' });
    const root = await client.json('GET', '/resolve?path=%2F');
    expect(root.status).toBe(200);
    expect(root.body.node.id).toBe(rootId);
    expect(root.body.path).toHaveLength(1);

    expectError(await client.json('GET', `/resolve?path=${encodeURIComponent('/Documents/2025')}`), 404, 'node.not_found');
    expectError(await client.json('GET', `/resolve?path=${encodeURIComponent('/Documents/2024/Q1/report.pdf/inside')}`), 404, 'node.not_found');

    const node = await client.json('GET', `/nodes/${quarter}`);
    expect(node.body).toMatchObject({ id: quarter, parentId: year, name: 'Q1', type: 'folder' });
    expect(await listNames(client, year)).toEqual(['Q1']);
  });

  it('resolves a name typed in another Unicode normalization form', async () => {
    const folder = await makeFolder(client, rootId, 'Caf\u00e9');
    const resolved = await client.json('GET', `/resolve?path=${encodeURIComponent('/Cafe\u0301')}`);
    expect(resolved.status).toBe(200);
    expect(resolved.body.node).toMatchObject({ id: folder, name: 'Caf\u00e9' });
  });

  describe('listing', () => {
    let folderId: string;
    // Created in this order, a few milliseconds apart, so "modified" has a known order too.
    const folders = ['folder10', 'b-folder', 'folder9', 'A-folder'];
    const files: Array<[string, number]> = [
      ['file10.txt', 30],
      ['image.png', 5],
      ['File1.md', 20],
      ['zeta.pdf', 40],
      ['file2.txt', 10],
      ['alpha.zip', 15],
    ];
    const page = async (query: string) => {
      const listing = await client.json('GET', `/folders/${folderId}/children?${query}`);
      expect(listing.status, JSON.stringify(listing.body)).toBe(200);
      return listing.body;
    };
    const names = async (query: string): Promise<string[]> => (await page(query)).items.map((item: { name: string }) => item.name);

    beforeAll(async () => {
      folderId = await makeFolder(client, rootId, 'listing');
      for (const name of folders) {
        await makeFolder(client, folderId, name);
        await sleep(3);
      }
      for (const [name, size] of files) {
        await uploadFile(client, folderId, name, randomData(size));
        await sleep(3);
      }
    });

    it('sorts by name with numeric collation, folders first, in both directions', async () => {
      const ascending = ['A-folder', 'b-folder', 'folder9', 'folder10', 'alpha.zip', 'File1.md', 'file2.txt', 'file10.txt', 'image.png', 'zeta.pdf'];
      expect(await names('')).toEqual(ascending);
      expect(await names('sort=name&order=asc')).toEqual(ascending);
      expect(await names('sort=name&order=desc')).toEqual([
        'folder10',
        'folder9',
        'b-folder',
        'A-folder',
        'zeta.pdf',
        'image.png',
        'file10.txt',
        'file2.txt',
        'File1.md',
        'alpha.zip',
      ]);
    });

    it('sorts by size, folders first', async () => {
      expect(await names('sort=size')).toEqual([
        'A-folder',
        'b-folder',
        'folder9',
        'folder10',
        'image.png',
        'file2.txt',
        'alpha.zip',
        'File1.md',
        'file10.txt',
        'zeta.pdf',
      ]);
      expect(await names('sort=size&order=desc')).toEqual([
        'folder10',
        'folder9',
        'b-folder',
        'A-folder',
        'zeta.pdf',
        'file10.txt',
        'File1.md',
        'alpha.zip',
        'file2.txt',
        'image.png',
      ]);
      const sizes = (await page('sort=size')).items.filter((i: { type: string }) => i.type === 'file').map((i: { size: number }) => i.size);
      expect(sizes).toEqual([5, 10, 15, 20, 30, 40]);
    });

    it('sorts by modification time, folders first', async () => {
      expect(await names('sort=modified')).toEqual([...folders, ...files.map(([name]) => name)]);
      expect(await names('sort=modified&order=desc')).toEqual([...[...folders].reverse(), ...files.map(([name]) => name).reverse()]);
    });

    it('sorts by type (MIME type, then name), folders first', async () => {
      // application/pdf, application/zip, image/png, text/markdown, text/plain (file2, file10)
      expect(await names('sort=type')).toEqual([
        'A-folder',
        'b-folder',
        'folder9',
        'folder10',
        'zeta.pdf',
        'alpha.zip',
        'image.png',
        'File1.md',
        'file2.txt',
        'file10.txt',
      ]);
      expect(await names('sort=type&order=desc')).toEqual([
        'folder10',
        'folder9',
        'b-folder',
        'A-folder',
        'file10.txt',
        'file2.txt',
        'File1.md',
        'image.png',
        'alpha.zip',
        'zeta.pdf',
      ]);
    });

    it('pages with limit and cursor, reporting the total', async () => {
      for (const query of ['sort=name', 'sort=size&order=desc', 'sort=type']) {
        const all = await names(query);
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const body: { items: Array<{ name: string }>; total: number; nextCursor: string | null } = await page(
            `${query}&limit=3${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`,
          );
          expect(body.total).toBe(10);
          expect(body.items.length).toBe(pages < 3 ? 3 : 1);
          seen.push(...body.items.map((item) => item.name));
          cursor = body.nextCursor;
          pages += 1;
        } while (cursor !== null && pages < 10);
        expect(pages).toBe(4);
        expect(seen).toEqual(all);
      }
      const whole = await page('limit=10');
      expect(whole.items).toHaveLength(10);
      expect(whole.nextCursor).toBeNull();
      expect(whole.folder).toMatchObject({ id: folderId, name: 'listing', type: 'folder' });
    });

    it('rejects bad paging and sorting parameters', async () => {
      for (const query of ['limit=0', 'limit=10001', 'limit=abc', 'sort=colour', 'order=up', 'cursor=abc', 'cursor=-1']) {
        const listing = await client.json('GET', `/folders/${folderId}/children?${query}`);
        expectError(listing, 400, 'request.invalid');
      }
      const past = await page('cursor=50');
      expect(past).toMatchObject({ items: [], total: 10, nextCursor: null });
    });

    it('refuses to list a file as a folder', async () => {
      const file = (await page('sort=name')).items.find((item: { type: string }) => item.type === 'file');
      expectError(await client.json('GET', `/folders/${file.id}/children`), 400, 'node.not_a_folder');
    });
  });

  it('renames a file and frees the old name', async () => {
    const folder = await makeFolder(client, rootId, 'rename');
    const file = await uploadFile(client, folder, 'draft.txt', 'first draft');
    await uploadFile(client, folder, 'other.txt', 'other');

    const renamed = await client.json('PATCH', `/nodes/${file.id}`, { name: 'final.txt' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: file.id, name: 'final.txt', parentId: folder, mimeType: 'text/plain; charset=utf-8' });
    expect((await client.json('GET', `/nodes/${file.id}`)).body.name).toBe('final.txt');
    expect(await listNames(client, folder)).toEqual(['final.txt', 'other.txt']);
    const download = await client.download(file.id);
    expect(download.bytes.toString()).toBe('first draft');
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''final.txt");

    expectError(await client.json('PATCH', `/nodes/${file.id}`, { name: 'other.txt' }), 409, 'node.name_taken');
    expect((await client.json('PATCH', `/nodes/${file.id}`, { name: 'final.txt' })).status).toBe(200);
    await uploadFile(client, folder, 'draft.txt', 'a new file under the old name');
    expect(await listNames(client, folder)).toEqual(['draft.txt', 'final.txt', 'other.txt']);
    expectError(await client.json('PATCH', `/nodes/${rootId}`, { name: 'root' }), 400, 'node.is_root');
  });

  it('moves a folder tree into another folder; names and contents stay readable', async () => {
    const base = await makeFolder(client, rootId, 'move');
    const source = await makeFolder(client, base, 'Projects');
    const nested = await makeFolder(client, source, 'Nested');
    const target = await makeFolder(client, base, 'Archive');
    const topData = randomData(70_000);
    const deepData = randomData(1234);
    const top = await uploadFile(client, source, 'top.bin', topData);
    const deep = await uploadFile(client, nested, 'deep.bin', deepData);

    const moved = await client.json('PATCH', `/nodes/${source}`, { parentId: target });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: source, parentId: target, name: 'Projects' });
    expect(await listNames(client, base)).toEqual(['Archive']);
    expect(await listNames(client, target)).toEqual(['Projects']);
    expect(await listNames(client, source)).toEqual(['Nested', 'top.bin']);
    expect(await listNames(client, nested)).toEqual(['deep.bin']);
    expect((await fileBytes(client, top.id)).equals(topData)).toBe(true);
    expect((await fileBytes(client, deep.id)).equals(deepData)).toBe(true);
    const resolved = await client.json('GET', `/resolve?path=${encodeURIComponent('/move/Archive/Projects/Nested/deep.bin')}`);
    expect(resolved.body.node?.id).toBe(deep.id);
    expectError(await client.json('GET', `/resolve?path=${encodeURIComponent('/move/Projects')}`), 404, 'node.not_found');

    // A file on its own, moved and renamed at once.
    const single = await client.json('PATCH', `/nodes/${deep.id}`, { parentId: base, name: 'shallow.bin' });
    expect(single.body).toMatchObject({ parentId: base, name: 'shallow.bin' });
    expect((await fileBytes(client, deep.id)).equals(deepData)).toBe(true);
    expect(await listNames(client, base)).toEqual(['Archive', 'shallow.bin']);
    expect(await listNames(client, nested)).toEqual([]);
  });

  it('refuses to move a folder into itself, its descendants or a file, and changes nothing', async () => {
    const base = await makeFolder(client, rootId, 'move-into-itself');
    const outer = await makeFolder(client, base, 'outer');
    const inner = await makeFolder(client, outer, 'inner');
    const innermost = await makeFolder(client, inner, 'innermost');
    const file = await uploadFile(client, base, 'file.txt', 'x');
    await uploadFile(client, base, 'clash', 'y');
    const clashFolder = await makeFolder(client, inner, 'clash');

    expectError(await client.json('PATCH', `/nodes/${outer}`, { parentId: outer }), 400, 'node.move_into_itself');
    expectError(await client.json('PATCH', `/nodes/${outer}`, { parentId: inner }), 400, 'node.move_into_itself');
    expectError(await client.json('PATCH', `/nodes/${outer}`, { parentId: innermost }), 400, 'node.move_into_itself');
    expectError(await client.json('PATCH', `/nodes/${outer}`, { parentId: file.id }), 400, 'node.not_a_folder');
    expectError(await client.json('POST', '/folders', { parentId: file.id, name: 'inside a file' }), 400, 'node.not_a_folder');
    expectError(await client.upload(file.id, 'inside.txt', 'x'), 400, 'node.not_a_folder');
    expectError(await client.json('POST', `/nodes/${rootId}/copy`, { parentId: outer }), 400, 'node.is_root');
    expectError(await client.json('PATCH', `/nodes/${clashFolder}`, { parentId: base }), 409, 'node.name_taken');
    expectError(await client.json('POST', `/nodes/${outer}/copy`, { parentId: innermost }), 400, 'node.move_into_itself');

    expect((await client.json('GET', `/nodes/${outer}`)).body.parentId).toBe(base);
    expect((await client.json('GET', `/nodes/${clashFolder}`)).body.parentId).toBe(inner);
    expect(await listNames(client, base)).toEqual(['outer', 'clash', 'file.txt']);
    expect(await listNames(client, inner)).toEqual(['clash', 'innermost']);
    expect(await listNames(client, innermost)).toEqual([]);
  });

  it('copies a file: same bytes, a new independent file', async () => {
    const base = await makeFolder(client, rootId, 'copy-file');
    const target = await makeFolder(client, base, 'target');
    const data = randomData(50_000);
    const original = await uploadFile(client, base, 'photo.jpg', data);
    const before = await usedBytes(client);

    const copy = await client.json('POST', `/nodes/${original.id}/copy`, { parentId: target });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ type: 'file', name: 'photo.jpg', parentId: target, size: data.length, mimeType: 'image/jpeg', versionNumber: 1 });
    expect(copy.body.id).not.toBe(original.id);
    expect(copy.body.versionId).not.toBe(original.versionId);
    expect((await fileBytes(client, copy.body.id)).equals(data)).toBe(true);
    expect(await usedBytes(client)).toBe(before + data.length);

    expectError(await client.json('POST', `/nodes/${original.id}/copy`, { parentId: base }), 409, 'node.name_taken');
    const renamed = await client.json('POST', `/nodes/${original.id}/copy`, { parentId: base, name: 'photo (copy).jpg' });
    expect(renamed.status).toBe(201);
    expect(await listNames(client, base)).toEqual(['target', 'photo (copy).jpg', 'photo.jpg']);

    expect((await client.json('DELETE', `/nodes/${original.id}`)).status).toBe(200);
    expect((await client.json('DELETE', `/trash/${original.id}`)).status).toBe(204);
    expect((await fileBytes(client, copy.body.id)).equals(data)).toBe(true);
    expect((await fileBytes(client, renamed.body.id)).equals(data)).toBe(true);
  });

  it('copies a folder tree with identical bytes; the copy survives the original being purged', async () => {
    const base = await makeFolder(client, rootId, 'copy-tree');
    const source = await makeFolder(client, base, 'Album');
    const sub = await makeFolder(client, source, 'Raw');
    await makeFolder(client, source, 'Empty folder');
    const contents = new Map<string, Buffer>([
      ['a.png', randomData(20_000)],
      ['empty.txt', Buffer.alloc(0)],
    ]);
    for (const [name, data] of contents) await uploadFile(client, source, name, data);
    const rawData = randomData(16_384);
    await uploadFile(client, sub, 'b.raw', rawData);
    const target = await makeFolder(client, base, 'Backup');

    const copy = await client.json('POST', `/nodes/${source}/copy`, { parentId: target, name: 'Album copy' });
    expect(copy.status).toBe(201);
    expect(copy.body).toMatchObject({ type: 'folder', name: 'Album copy', parentId: target });

    expect(await client.json('DELETE', `/nodes/${source}`).then((r) => r.status)).toBe(200);
    expect(await client.json('DELETE', `/trash/${source}`).then((r) => r.status)).toBe(204);
    expectError(await client.json('GET', `/nodes/${source}`), 404, 'node.not_found');

    const listing = await client.json('GET', `/folders/${copy.body.id}/children`);
    expect(listing.body.items.map((i: { name: string }) => i.name)).toEqual(['Empty folder', 'Raw', 'a.png', 'empty.txt']);
    for (const item of listing.body.items.filter((i: { type: string }) => i.type === 'file')) {
      expect((await fileBytes(client, item.id)).equals(contents.get(item.name)!)).toBe(true);
    }
    const raw = await client.json('GET', `/resolve?path=${encodeURIComponent('/copy-tree/Backup/Album copy/Raw/b.raw')}`);
    expect(raw.status).toBe(200);
    expect((await fileBytes(client, raw.body.node.id)).equals(rawData)).toBe(true);
    const emptyFolder = listing.body.items.find((i: { name: string }) => i.name === 'Empty folder');
    expect(await listNames(client, emptyFolder.id)).toEqual([]);
  });
});
