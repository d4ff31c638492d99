import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import {
  blobObjects,
  expectError,
  fileBytes,
  KiB,
  listNames,
  makeFolder,
  MiB,
  objectPlaintextBytes,
  postForm,
  randomData,
  rawFetch,
  uploadFile,
} from '../support/integration-helpers.js';

/** Content over HTTP: uploads of every size class, byte-exact downloads, headers, ranges, HEAD and forms. */

const sealedChunk = 16 * KiB + 16;
const fullObject = 256 * sealedChunk;

/** Sizes of the storage objects a plaintext of `size` bytes must produce: 16 KiB chunks (+16-byte tags), 256 per object. */
function expectedObjectSizes(size: number): number[] {
  const chunks = Math.floor(size / (16 * KiB)) + 1; // the last chunk is always short, possibly empty
  const sizes: number[] = [];
  for (let first = 0; first < chunks; first += 256) {
    const last = Math.min(first + 256, chunks) - 1;
    const finalChunk = last === chunks - 1 ? (size % (16 * KiB)) + 16 : sealedChunk;
    sizes.push((last - first) * sealedChunk + finalChunk);
  }
  return sizes;
}

function attrCharsOnly(value: string): boolean {
  return /^[A-Za-z0-9!#$&+\-.^_`|~%]*$/.test(value);
}

describe.each(testDialects())('file content on %s', (dialect) => {
  let server: TestServer;
  let client: TestClient;
  let rootId: string;

  beforeAll(async () => {
    ({ server, client, rootId } = await startSignedIn(dialect));
  });
  afterAll(async () => server?.close());

  it('stores uploads of every size class as full 256-chunk objects and returns them byte for byte', async () => {
    expect(fullObject).toBe(256 * 16400);
    const folder = await makeFolder(client, rootId, 'sizes');
    const sizes = [
      0,
      13,
      16 * KiB - 1,
      16 * KiB,
      16 * KiB + 1,
      objectPlaintextBytes - 1,
      objectPlaintextBytes,
      objectPlaintextBytes + 1,
      2 * objectPlaintextBytes + 1,
    ];
    expect(objectPlaintextBytes).toBe(4 * MiB);
    for (const size of sizes) {
      const data = randomData(size);
      const before = blobObjects(server.config.blobDir);
      const uploaded = await client.upload(folder, `size-${size}.bin`, data);
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      expect(uploaded.body).toMatchObject({ type: 'file', name: `size-${size}.bin`, size, versionNumber: 1, parentId: folder, passphraseProtected: false });
      const added = [...blobObjects(server.config.blobDir)].filter(([file]) => !before.has(file)).map(([, bytes]) => bytes);
      expect(
        added.sort((a, b) => b - a),
        `objects for ${size} bytes`,
      ).toEqual(expectedObjectSizes(size).sort((a, b) => b - a));
      if (size > objectPlaintextBytes) expect(Math.max(...added)).toBe(fullObject);

      const download = await client.download(uploaded.body.id);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-length')).toBe(String(size));
      expect(download.bytes.length).toBe(size);
      expect(download.bytes.equals(data), `bytes of ${size}`).toBe(true);
    }
  });

  it('keeps JSON and text uploads as raw bytes whatever the request Content-Type', async () => {
    const folder = await makeFolder(client, rootId, 'raw-types');
    for (const [name, contentType, body] of [
      ['data.json', 'application/json', '{"not": "parsed", "n": 1}\n'],
      ['notes.txt', 'text/plain', 'plain text\r\nwith lines\n'],
      ['broken.json', 'application/json', '{ this is not json'],
      ['form.txt', 'application/x-www-form-urlencoded', 'a=1&b=2'],
    ] as const) {
      const response = await rawFetch(client, 'POST', `/files?parentId=${folder}&name=${encodeURIComponent(name)}`, { 'content-type': contentType }, body);
      expect(response.status, response.bytes.toString()).toBe(201);
      const id = JSON.parse(response.bytes.toString()).id;
      expect((await fileBytes(client, id)).toString('utf8')).toBe(body);
    }
  });

  it('serves the Content-Type of the extension and the exact UTF-8 name (RFC 8187)', async () => {
    const folder = await makeFolder(client, rootId, 'types');
    const cases: Array<[string, string]> = [
      ['notes.txt', 'text/plain; charset=utf-8'],
      ['data.json', 'application/json'],
      ['photo.JPG', 'image/jpeg'],
      ['scan.pdf', 'application/pdf'],
      ['bundle.tar', 'application/x-tar'],
      ['clip.mp4', 'video/mp4'],
      ['unknown.xyz', 'application/octet-stream'],
      ['no-extension', 'application/octet-stream'],
      ['.hidden', 'application/octet-stream'],
    ];
    for (const [name, type] of cases) {
      const file = await uploadFile(client, folder, name, `content of ${name}`);
      expect(file.mimeType).toBe(type);
      const download = await client.download(file.id);
      expect(download.headers.get('content-type'), name).toBe(type);
      expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      // The headers every response carries reach streamed content too.
      expect(download.headers.get('x-frame-options')).toBe('DENY');
      expect(download.headers.get('referrer-policy')).toBe('no-referrer');
    }

    for (const name of ['résumé – 2024 (final).pdf', 'say "hi"; ok.txt', '数据 🚀.txt', "it's 100% * done!.md", 'back\u00a0slash-free.txt']) {
      const file = await uploadFile(client, folder, name, 'x');
      const disposition = (await client.download(file.id)).headers.get('content-disposition') ?? '';
      const match = /^attachment; filename="([^"]*)"; filename\*=UTF-8''(.+)$/.exec(disposition);
      expect(match, disposition).not.toBeNull();
      const [, fallback, encoded] = match as unknown as [string, string, string];
      expect(attrCharsOnly(encoded), encoded).toBe(true);
      expect(decodeURIComponent(encoded)).toBe(name);
      expect(/^[\x20-\x7e]*$/.test(fallback) && !fallback.includes('"') && !fallback.includes('\\')).toBe(true);
      expect(fallback.endsWith(name.slice(name.lastIndexOf('.')))).toBe(true);
    }
  });

  it('never renders HTML, SVG or scripts inline; images and PDFs may be', async () => {
    const folder = await makeFolder(client, rootId, 'active');
    for (const name of ['page.html', 'page.HTM', 'icon.svg', 'app.js', 'feed.xml']) {
      const file = await uploadFile(client, folder, name, '<script>alert(1)</script>');
      for (const query of ['', '?inline=1']) {
        const download = await client.download(file.id, {}, query);
        expect(download.status).toBe(200);
        expect(download.headers.get('content-type'), `${name}${query}`).toBe('application/octet-stream');
        expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
        expect(download.headers.get('content-security-policy')).toContain('sandbox');
        expect(download.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(download.headers.get('x-content-type-options')).toBe('nosniff');
      }
    }
    for (const [name, type] of [
      ['photo.png', 'image/png'],
      ['scan.pdf', 'application/pdf'],
      ['notes.txt', 'text/plain; charset=utf-8'],
    ] as const) {
      const file = await uploadFile(client, folder, name, 'bytes');
      const inline = await client.download(file.id, {}, '?inline=1');
      expect(inline.headers.get('content-type')).toBe(type);
      expect(inline.headers.get('content-disposition')).toMatch(new RegExp(`^inline; filename="${name.replace('.', '\\.')}"`));
      expect(inline.headers.get('content-security-policy')).toContain('sandbox');
      expect((await client.download(file.id)).headers.get('content-disposition')).toMatch(/^attachment;/);
      expect((await client.download(file.id, {}, '?inline=0')).headers.get('content-disposition')).toMatch(/^attachment;/);
      expectError(
        await rawFetch(client, 'GET', `/files/${file.id}/content?inline=yes`).then((r) => ({ status: r.status, body: JSON.parse(r.bytes.toString()) })),
        400,
        'request.invalid',
      );
    }
  });

  it('answers If-None-Match with 304 for the current version only', async () => {
    const folder = await makeFolder(client, rootId, 'etag');
    const file = await uploadFile(client, folder, 'doc.txt', 'version one');
    const first = await client.download(file.id);
    const etag = first.headers.get('etag');
    expect(etag).toBe(`"${file.versionId}"`);
    expect(first.headers.get('last-modified')).toBeTruthy();

    for (const header of [etag!, `W/${etag}`, `"other", ${etag}`, '*']) {
      const cached = await client.download(file.id, { 'if-none-match': header });
      expect(cached.status, header).toBe(304);
      expect(cached.bytes.length).toBe(0);
      expect(cached.headers.get('etag')).toBe(etag);
    }
    expect((await client.download(file.id, { 'if-none-match': '"something-else"' })).status).toBe(200);

    const second = await client.upload(folder, 'doc.txt', 'version two', { onConflict: 'version' });
    expect(second.status).toBe(200);
    const fresh = await client.download(file.id, { 'if-none-match': etag! });
    expect(fresh.status).toBe(200);
    expect(fresh.bytes.toString()).toBe('version two');
    expect(fresh.headers.get('etag')).toBe(`"${second.body.versionId}"`);
    expect(fresh.headers.get('etag')).not.toBe(etag);
  });

  describe('ranges and HEAD', () => {
    const size = 2 * objectPlaintextBytes + 100; // three storage objects
    let data: Buffer;
    let id: string;
    let etag: string;

    beforeAll(async () => {
      data = randomData(size);
      const folder = await makeFolder(client, rootId, 'ranges');
      const file = await uploadFile(client, folder, 'big.bin', data);
      id = file.id;
      etag = `"${file.versionId}"`;
    });

    it('serves single byte ranges, including across chunk and object boundaries', async () => {
      const boundary = objectPlaintextBytes;
      const cases: Array<[string, number, number]> = [
        ['bytes=0-0', 0, 0],
        ['bytes=10-20', 10, 20],
        ['bytes=16383-16384', 16383, 16384],
        [`bytes=${boundary - 10}-${boundary + 10}`, boundary - 10, boundary + 10],
        [`bytes=${boundary - 1}-${boundary}`, boundary - 1, boundary],
        [`bytes=100-${2 * boundary + 50}`, 100, 2 * boundary + 50],
        [`bytes=${size - 100}-`, size - 100, size - 1],
        [`bytes=${boundary}-`, boundary, size - 1],
        ['bytes=-150', size - 150, size - 1],
        [`bytes=-${size + 10}`, 0, size - 1],
        [`bytes=${size - 5}-${size + 1000}`, size - 5, size - 1],
        [`bytes=${size - 1}-${size - 1}`, size - 1, size - 1],
      ];
      for (const [header, start, end] of cases) {
        const response = await client.download(id, { range: header });
        expect(response.status, header).toBe(206);
        expect(response.headers.get('content-range'), header).toBe(`bytes ${start}-${end}/${size}`);
        expect(response.headers.get('content-length'), header).toBe(String(end - start + 1));
        expect(response.headers.get('accept-ranges')).toBe('bytes');
        expect(response.bytes.equals(data.subarray(start, end + 1)), header).toBe(true);
        expect(response.headers.get('x-frame-options')).toBe('DENY');
      }
    });

    it('answers a range beyond the end with 416 and Content-Range bytes */size', async () => {
      for (const header of [`bytes=${size}-`, `bytes=${size + 10}-${size + 20}`, 'bytes=-0']) {
        const response = await rawFetch(client, 'GET', `/files/${id}/content`, { range: header });
        expect(response.status, header).toBe(416);
        expect(response.headers.get('content-range')).toBe(`bytes */${size}`);
        expectError({ status: response.status, body: JSON.parse(response.bytes.toString()) }, 416, 'range.not_satisfiable');
      }
      const empty = await uploadFile(client, rootId, 'empty-for-range.bin', Buffer.alloc(0));
      const response = await rawFetch(client, 'GET', `/files/${empty.id}/content`, { range: 'bytes=0-' });
      expect(response.status).toBe(416);
      expect(response.headers.get('content-range')).toBe('bytes */0');
    });

    it('ignores ranges it does not honour and If-Range with a stale validator', async () => {
      for (const header of ['bytes=0-1,5-6', 'items=0-1', 'bytes=20-10', 'bytes=abc']) {
        const response = await client.download(id, { range: header });
        expect(response.status, header).toBe(200);
        expect(response.bytes.length).toBe(size);
      }
      const stale = await client.download(id, { range: 'bytes=0-9', 'if-range': '"stale"' });
      expect(stale.status).toBe(200);
      expect(stale.bytes.equals(data)).toBe(true);
      const fresh = await client.download(id, { range: 'bytes=0-9', 'if-range': etag });
      expect(fresh.status).toBe(206);
      expect(fresh.bytes.equals(data.subarray(0, 10))).toBe(true);
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      const head = await rawFetch(client, 'HEAD', `/files/${id}/content`);
      expect(head.status).toBe(200);
      expect(head.bytes.length).toBe(0);
      expect(head.headers.get('content-length')).toBe(String(size));
      expect(head.headers.get('content-type')).toBe('application/octet-stream');
      expect(head.headers.get('etag')).toBe(etag);
      expect(head.headers.get('accept-ranges')).toBe('bytes');
      expect(head.headers.get('content-disposition')).toContain("filename*=UTF-8''big.bin");
      expect(head.headers.get('x-frame-options')).toBe('DENY');
      expect(head.headers.get('cache-control')).toBe('private, no-cache');

      const partial = await rawFetch(client, 'HEAD', `/files/${id}/content`, { range: 'bytes=100-199' });
      expect(partial.status).toBe(206);
      expect(partial.headers.get('content-length')).toBe('100');
      expect(partial.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
      expect((await rawFetch(client, 'HEAD', `/files/${id}/content`, { 'if-none-match': etag })).status).toBe(304);
      // The connection stays usable: a GET right after a HEAD gets the full body.
      expect((await fileBytes(client, id)).equals(data)).toBe(true);
    });
  });

  it('uploads several files in one multipart form, fields first', async () => {
    const folder = await makeFolder(client, rootId, 'form');
    const first = randomData(30_000);
    const second = randomData(5 * MiB);
    const response = await postForm(client, [
      { name: 'parentId', value: folder },
      { name: 'onConflict', value: 'fail' },
      { name: 'file', filename: 'first.bin', data: first },
      { name: 'file', filename: 'søndag 📅.txt', data: 'hello', contentType: 'text/plain' },
      { name: 'file', filename: 'second.bin', data: second },
      { name: 'file', filename: 'empty.bin', data: Buffer.alloc(0) },
    ]);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body.items.map((n: { name: string }) => n.name)).toEqual(['first.bin', 'søndag 📅.txt', 'second.bin', 'empty.bin']);
    expect(response.body.items.map((n: { size: number }) => n.size)).toEqual([30_000, 5, 5 * MiB, 0]);
    const [a, b, c, d] = response.body.items;
    expect((await fileBytes(client, a.id)).equals(first)).toBe(true);
    expect((await fileBytes(client, b.id)).toString()).toBe('hello');
    expect((await fileBytes(client, c.id)).equals(second)).toBe(true);
    expect((await fileBytes(client, d.id)).length).toBe(0);
    expect(await listNames(client, folder)).toEqual(['empty.bin', 'first.bin', 'second.bin', 'søndag 📅.txt']);

    const again = await postForm(client, [
      { name: 'parentId', value: folder },
      { name: 'file', filename: 'first.bin', data: 'clash' },
    ]);
    expectError(again, 409, 'node.name_taken');
    const versioned = await postForm(client, [
      { name: 'parentId', value: folder },
      { name: 'onConflict', value: 'version' },
      { name: 'file', filename: 'first.bin', data: 'second version' },
    ]);
    expect(versioned.status).toBe(201);
    expect(versioned.body.items[0]).toMatchObject({ id: a.id, versionNumber: 2, size: 14 });
    expect((await fileBytes(client, a.id)).toString()).toBe('second version');
  });
});
