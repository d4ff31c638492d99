import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CofferApiError, CofferClient } from './index.js';

/**
 * A stand-in for the real Coffer server: it records each request and answers with canned JSON, so these
 * tests pin down what the SDK sends and how it reads answers. End-to-end tests run against the real server.
 */
interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}
type Handler = (request: RecordedRequest, res: ServerResponse) => void;

let standIn: Server;
let baseUrl: string;
let handler: Handler;
let recorded: RecordedRequest[];

beforeAll(async () => {
  standIn = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      recorded.push(request);
      handler(request, res);
    });
  });
  await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => standIn.close(() => resolve())));
beforeEach(() => {
  recorded = [];
  handler = (_, res) => json(res, 500, { error: { code: 'internal', message: 'no handler' } });
});

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const id = (n: number) => String(n).padStart(26, '0');
const user = {
  id: id(1),
  email: 'ada@example.com',
  role: 'user',
  status: 'active',
  quotaBytes: 0,
  usedBytes: 10,
  rootFolderId: id(2),
  createdAt: '2025-01-01T00:00:00.000Z',
};
const node = (overrides: Record<string, unknown> = {}) => ({
  id: id(3),
  parentId: id(2),
  type: 'file',
  name: 'a.txt',
  size: 5,
  mimeType: 'text/plain',
  createdAt: '2025-01-01T00:00:00.000Z',
  modifiedAt: '2025-01-01T00:00:00.000Z',
  versionId: id(4),
  versionNumber: 1,
  passphraseProtected: false,
  trashedAt: null,
  damaged: false,
  ...overrides,
});

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe('CofferClient requests', () => {
  it('signs in with a JSON body and no token', async () => {
    handler = (_, res) => json(res, 200, { user, token: 'secret-token', expiresAt: '2025-02-01T00:00:00.000Z' });
    const result = await new CofferClient({ baseUrl: `${baseUrl}/` }).signIn({ email: 'ada@example.com', password: 'pw', kind: 'token', label: 'test' });

    expect('token' in result && result.token).toBe('secret-token');
    const [request] = recorded;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/api/v1/auth/sign-in');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBeUndefined();
    expect(JSON.parse(request?.body.toString() ?? '')).toEqual({ email: 'ada@example.com', password: 'pw', kind: 'token', label: 'test' });
  });

  it('sends the bearer token, fills path parameters and serializes the query', async () => {
    handler = (_, res) => json(res, 200, { folder: node({ id: id(2), type: 'folder', parentId: null }), items: [node()], total: 1, nextCursor: null });
    const client = new CofferClient({ baseUrl, token: 't0k' });
    const listing = await client.listFolder(id(2), { sort: 'size', order: 'desc', cursor: undefined });

    expect(listing.items[0]?.name).toBe('a.txt');
    expect(recorded[0]?.method).toBe('GET');
    expect(recorded[0]?.url).toBe(`/api/v1/folders/${id(2)}/children?sort=size&order=desc`);
    expect(recorded[0]?.headers.authorization).toBe('Bearer t0k');
  });

  it('uses PATCH with a JSON body for updateNode and encodes the resolve path', async () => {
    handler = (req, res) => (req.method === 'PATCH' ? json(res, 200, node({ name: 'b.txt' })) : json(res, 200, { node: node(), path: [] }));
    const client = new CofferClient({ baseUrl, token: 't' });
    await client.updateNode(id(3), { name: 'b.txt' });
    await client.resolvePath('/Docs/a b&c.txt');

    expect(recorded[0]?.method).toBe('PATCH');
    expect(recorded[0]?.url).toBe(`/api/v1/nodes/${id(3)}`);
    expect(JSON.parse(recorded[0]?.body.toString() ?? '')).toEqual({ name: 'b.txt' });
    expect(new URL(recorded[1]?.url ?? '', baseUrl).searchParams.get('path')).toBe('/Docs/a b&c.txt');
  });

  it('returns undefined for 204 routes', async () => {
    handler = (_, res) => {
      res.writeHead(204);
      res.end();
    };
    await expect(new CofferClient({ baseUrl, token: 't' }).purgeNode(id(3))).resolves.toBeUndefined();
    expect(recorded[0]?.method).toBe('DELETE');
    expect(recorded[0]?.url).toBe(`/api/v1/trash/${id(3)}`);
  });
});

describe('CofferClient errors', () => {
  it('turns an API error body into CofferApiError with status, code and correlation id', async () => {
    handler = (_, res) =>
      json(res, 409, { error: { code: 'node.name_taken', message: 'An item with this name already exists in this folder.', correlationId: 'c-1' } });
    const error = await new CofferClient({ baseUrl, token: 't' }).createFolder({ parentId: id(2), name: 'x' }).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(CofferApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'node.name_taken',
      correlationId: 'c-1',
      message: 'An item with this name already exists in this folder.',
    });
  });

  it('keeps the status of an answer that is not a Coffer error', async () => {
    handler = (_, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>bad gateway</html>');
    };
    await expect(new CofferClient({ baseUrl }).health()).rejects.toMatchObject({ status: 502, code: 'response.invalid' });
  });

  it('rejects an answer that does not match the contract', async () => {
    handler = (_, res) => json(res, 200, { email: 'no id here' });
    await expect(new CofferClient({ baseUrl, token: 't' }).me()).rejects.toMatchObject({ code: 'response.invalid' });
  });

  it('reports an unreachable server as network.unreachable naming its URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const error = await new CofferClient({ baseUrl: deadUrl }).health().catch((err: unknown) => err);
    expect(error).toMatchObject({ status: 0, code: 'network.unreachable' });
    expect((error as Error).message).toContain(deadUrl);
  });
});

describe('CofferClient uploads', () => {
  it('streams the body with length, type, passphrase header and progress', async () => {
    handler = (_, res) => json(res, 201, node({ versionNumber: 2 }));
    const content = new TextEncoder().encode('hello world');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(content.subarray(0, 5));
        controller.enqueue(content.subarray(5));
        controller.close();
      },
    });
    const progress: number[] = [];
    const result = await new CofferClient({ baseUrl, token: 't' }).uploadFile({ parentId: id(2), name: 'é.txt', onConflict: 'version' }, body, {
      contentLength: content.byteLength,
      contentType: 'text/plain',
      passphrase: 'pässwörd',
      onProgress: (p) => progress.push(p.sentBytes),
    });

    expect(result.versionNumber).toBe(2);
    const [request] = recorded;
    const url = new URL(request?.url ?? '', baseUrl);
    expect(request?.method).toBe('POST');
    expect(url.pathname).toBe('/api/v1/files');
    expect(Object.fromEntries(url.searchParams)).toEqual({ parentId: id(2), name: 'é.txt', onConflict: 'version' });
    expect(request?.headers['content-length']).toBe('11');
    expect(request?.headers['content-type']).toBe('text/plain');
    expect(Buffer.from(String(request?.headers['coffer-passphrase']), 'base64').toString('utf8')).toBe('pässwörd');
    expect(request?.body.toString()).toBe('hello world');
    expect(progress.at(-1)).toBe(11);
  });

  it('sends bytes in memory to the version route', async () => {
    handler = (_, res) => json(res, 201, node({ versionNumber: 3 }));
    await new CofferClient({ baseUrl, token: 't' }).uploadVersion(id(3), new Uint8Array([1, 2, 3]));
    expect(recorded[0]?.url).toBe(`/api/v1/files/${id(3)}/versions`);
    expect(recorded[0]?.headers['content-length']).toBe('3');
    expect(recorded[0]?.headers['content-type']).toBe('application/octet-stream');
    expect([...(recorded[0]?.body ?? [])]).toEqual([1, 2, 3]);
  });
});

describe('CofferClient downloads', () => {
  it('streams content and reads the headers', async () => {
    handler = (_, res) => {
      res.writeHead(206, {
        'content-type': 'text/plain',
        'content-length': '5',
        'content-disposition': `attachment; filename="a.txt"; filename*=UTF-8''%C3%A9t%C3%A9.txt`,
        etag: '"v1"',
      });
      res.end('hello');
    };
    const result = await new CofferClient({ baseUrl, token: 't' }).download(id(3), { version: id(4), range: { start: 0, end: 4 }, passphrase: 'p' });

    expect(await readAll(result.stream)).toBe('hello');
    expect(result).toMatchObject({ size: 5, contentType: 'text/plain', fileName: 'été.txt', etag: '"v1"', partial: true });
    expect(recorded[0]?.url).toBe(`/api/v1/files/${id(3)}/content?version=${id(4)}`);
    expect(recorded[0]?.headers.range).toBe('bytes=0-4');
    expect(recorded[0]?.headers['coffer-passphrase']).toBe(Buffer.from('p').toString('base64'));
  });

  it('fails the stream when the server aborts before Content-Length bytes arrived', async () => {
    handler = (_, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '100' });
      res.write(Buffer.alloc(40, 1));
      // What the real server does when a stored object fails its integrity check mid-stream.
      setTimeout(() => res.destroy(), 20);
    };
    const result = await new CofferClient({ baseUrl, token: 't' }).download(id(3));
    const error = await readAll(result.stream).catch((err: unknown) => err);

    expect(error).toBeInstanceOf(CofferApiError);
    expect(error).toMatchObject({ code: 'download.incomplete' });
    expect((error as Error).message).toContain('of 100 bytes');
  });

  it('reports a download error answer before any content as CofferApiError', async () => {
    handler = (_, res) => json(res, 403, { error: { code: 'file.passphrase_required', message: 'This file is protected by a passphrase.' } });
    await expect(new CofferClient({ baseUrl, token: 't' }).download(id(3))).rejects.toMatchObject({ status: 403, code: 'file.passphrase_required' });
  });
});

describe('browser sessions and URLs', () => {
  it('marks cookie-session calls with X-Coffer-Request and leaves it off bearer calls', async () => {
    handler = (_, res) => json(res, 200, { hits: [], truncated: false });
    await new CofferClient({ baseUrl }).search('report');
    await new CofferClient({ baseUrl, token: 'secret-token' }).search('report');
    expect(recorded[0]!.headers['x-coffer-request']).toBe('1');
    expect(recorded[0]!.headers.authorization).toBeUndefined();
    expect(recorded[1]!.headers['x-coffer-request']).toBeUndefined();
    expect(recorded[1]!.url).toBe('/api/v1/search?q=report');
  });

  it('builds content and archive URLs for the browser to fetch by itself', () => {
    const client = new CofferClient({ baseUrl: 'https://drive.example.com/' });
    expect(client.contentUrl(id(7), { inline: true })).toBe(`https://drive.example.com/api/v1/files/${id(7)}/content?inline=1`);
    expect(client.contentUrl(id(7), { version: id(8) })).toBe(`https://drive.example.com/api/v1/files/${id(7)}/content?version=${id(8)}`);
    expect(client.archiveUrl([id(1), id(2)], 'My files')).toBe(`https://drive.example.com/api/v1/archive?ids=${id(1)}%2C${id(2)}&name=My+files`);
  });
});
