import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { expect } from 'vitest';
import type { Dialect } from './dialects.js';
import { startTestServer, type TestServer } from './test-server.js';
import { TestClient, type JsonResponse } from './http-client.js';

/**
 * Shared helpers for the integration suites: error assertions, raw HTTP (streamed, aborted and
 * hand-written requests that fetch cannot produce), multipart bodies, blob-folder inspection and a
 * server variant that starts without an administrator.
 */

export const KiB = 1024;
export const MiB = 1024 * 1024;
/** Plaintext bytes held by one storage object: 256 chunks of 16 KiB (each stored as 16400 bytes). */
export const objectPlaintextBytes = 256 * 16 * KiB;

/** Asserts the standard error body `{ error: { code, message } }` with the given status and code. */
export function expectError(response: { status: number | undefined; body?: unknown }, status: number, code: string): void {
  expect({ status: response.status, code: (response.body as { error?: { code?: unknown } } | undefined)?.error?.code }, JSON.stringify(response.body)).toEqual({
    status,
    code,
  });
  expect(response.body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

export function randomData(size: number): Buffer {
  return randomBytes(size);
}

/** Number of stored object files under `<blobDir>/objects/**`. */
export function countBlobObjects(blobDir: string): number {
  const root = path.join(blobDir, 'objects');
  if (!existsSync(root)) return 0;
  let count = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else count += 1;
    }
  };
  walk(root);
  return count;
}

/** Number of files under `<blobDir>/tmp` (puts in progress, or left behind by a failed one). */
export function countBlobTempFiles(blobDir: string): number {
  const root = path.join(blobDir, 'tmp');
  return existsSync(root) ? readdirSync(root).length : 0;
}

/** Polls `probe` until it returns `expected` or the timeout passes; returns the last value seen. */
export async function settle<T>(probe: () => T | Promise<T>, expected: T, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (value !== expected && Date.now() < deadline) {
    await sleep(25);
    value = await probe();
  }
  return value;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** An account created by an administrator, signed in with a token. */
export async function createUser(
  admin: TestClient,
  email: string,
  password: string,
  extra: { role?: 'admin' | 'user' | 'guest' | 'auditor'; quotaBytes?: number } = {},
): Promise<{ client: TestClient; user: any; recoveryKey: string }> {
  const created = await admin.json('POST', '/users', { email, password, ...extra });
  if (created.status !== 201) throw new Error(`creating ${email} failed: ${created.status} ${JSON.stringify(created.body)}`);
  const client = new TestClient(admin.api);
  await client.signIn(email, password);
  return { client, user: created.body.user, recoveryKey: created.body.recoveryKey };
}

/** Names in a folder listing (first page, default sort). */
export async function listNames(client: TestClient, folderId: string, query = ''): Promise<string[]> {
  const listing = await client.json('GET', `/folders/${folderId}/children${query}`);
  if (listing.status !== 200) throw new Error(`listing failed: ${listing.status} ${JSON.stringify(listing.body)}`);
  return listing.body.items.map((item: { name: string }) => item.name);
}

export async function usedBytes(client: TestClient): Promise<number> {
  const me = await client.json('GET', '/me');
  if (me.status !== 200) throw new Error(`/me failed: ${me.status}`);
  return me.body.usedBytes as number;
}

/** A request with fetch that keeps the raw response, for HEAD and header checks. */
export async function rawFetch(
  client: TestClient,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string> = {},
  body?: string | Uint8Array,
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
  const response = await fetch(client.api + pathAndQuery, { method, headers: client.headers(headers), ...(body !== undefined ? { body } : {}) });
  return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
}

export function parseJson(bytes: Buffer): any {
  return bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined;
}

export type FormPart = { name: string; value: string } | { name: string; filename: string; data: Buffer | string; contentType?: string };

/** A multipart/form-data body written by hand, so part order and the exact filename bytes are under the test's control. */
export function multipartBody(parts: readonly FormPart[], boundary = `----coffer${randomBytes(8).toString('hex')}`): { contentType: string; body: Buffer } {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    if ('filename' in part) {
      pieces.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`,
          'utf8',
        ),
        typeof part.data === 'string' ? Buffer.from(part.data, 'utf8') : part.data,
        Buffer.from('\r\n'),
      );
    } else {
      pieces.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`, 'utf8'));
    }
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(pieces) };
}

export async function postForm(client: TestClient, parts: readonly FormPart[]): Promise<JsonResponse> {
  const { contentType, body } = multipartBody(parts);
  const response = await fetch(`${client.api}/files/form`, { method: 'POST', headers: client.headers({ 'content-type': contentType }), body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export interface StreamResult {
  /** Status of the response, when one arrived before the connection ended. */
  readonly status: number | undefined;
  readonly body: any;
  readonly headers: http.IncomingHttpHeaders | undefined;
  /** The client-side error, when the connection failed before a complete response. */
  readonly error: Error | undefined;
}

/**
 * POSTs `chunks` with node:http, one write at a time with backpressure. Without `contentLength` the body is
 * sent chunked. With `abortAfterBytes` the socket is destroyed once that many bytes were handed to the kernel.
 * Writing stops as soon as a response arrives (the server may answer early, e.g. 507).
 */
export function streamUpload(
  url: string,
  headers: Record<string, string>,
  chunks: Iterable<Buffer>,
  options: { contentLength?: number; abortAfterBytes?: number } = {},
): Promise<StreamResult> {
  return new Promise((resolve) => {
    let settled = false;
    let responded = false;
    const finish = (result: StreamResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const request = http.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        ...headers,
        ...(options.contentLength !== undefined ? { 'content-length': String(options.contentLength) } : {}),
      },
    });
    request.on('response', (response) => {
      responded = true;
      const parts: Buffer[] = [];
      response.on('data', (piece: Buffer) => parts.push(piece));
      response.on('end', () => {
        // Like a real client that got its answer early: stop sending and let the connection go.
        if (!request.writableFinished) request.destroy();
        const text = Buffer.concat(parts).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        finish({ status: response.statusCode, body, headers: response.headers, error: undefined });
      });
      response.on('error', (error) => finish({ status: response.statusCode, body: undefined, headers: response.headers, error }));
    });
    request.on('error', (error) => {
      if (!responded) finish({ status: undefined, body: undefined, headers: undefined, error });
    });
    request.on('close', () => {
      if (!responded) finish({ status: undefined, body: undefined, headers: undefined, error: new Error('connection closed without a response') });
    });

    const closed = new Promise<void>((done) => request.once('close', () => done()));
    void (async () => {
      let sent = 0;
      for (const chunk of chunks) {
        if (responded || request.destroyed) return;
        const flushed = new Promise<void>((done) => request.write(chunk, () => done()));
        sent += chunk.length;
        if (options.abortAfterBytes !== undefined && sent >= options.abortAfterBytes) {
          await flushed;
          await sleep(50);
          request.destroy();
          return;
        }
        if (request.writableNeedDrain) await Promise.race([new Promise((done) => request.once('drain', done)), closed]);
      }
      if (!responded && !request.destroyed) request.end();
    })().catch((error: unknown) => finish({ status: undefined, body: undefined, headers: undefined, error: error as Error }));
  });
}

/** `count` buffers of `size` random bytes each (generated lazily). */
export function* randomChunks(count: number, size: number): Generator<Buffer> {
  for (let i = 0; i < count; i++) yield randomBytes(size);
}

/**
 * Writes hand-made bytes on a plain TCP connection and collects everything the server answers until it
 * closes the connection (or `waitMs` passes). `halfClose` ends our side after writing, as a client that
 * has nothing more to send would.
 */
export function rawExchange(serverUrl: string, pieces: readonly Buffer[], options: { halfClose?: boolean; waitMs?: number } = {}): Promise<string> {
  const { hostname, port } = new URL(serverUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const received: Buffer[] = [];
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(received).toString('latin1'));
    };
    const timer = setTimeout(finish, options.waitMs ?? 5000);
    socket.on('data', (piece: Buffer) => received.push(piece));
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('connect', () => {
      for (const piece of pieces) socket.write(piece);
      if (options.halfClose) socket.end();
    });
  });
}

/** Status codes of every HTTP response in a raw exchange, in order. */
export function statusesIn(raw: string): number[] {
  return [...raw.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}

/** A server in its first-run state (no administrator yet): see startTestServer's `withAdmin`. */
export type BareServer = TestServer;

/**
 * Like startTestServer, but no administrator exists yet: the server is in its first-run state, where
 * `POST /setup` with the token from `running.services.setup.issueToken()` creates the first one.
 */
export function startServerWithoutAdmin(dialect: Dialect, env: Record<string, string> = {}): Promise<BareServer> {
  return startTestServer(dialect, env, { withAdmin: false });
}

/** Creates a folder and returns its id (fails the test on anything but 201). */
export async function makeFolder(client: TestClient, parentId: string, name: string): Promise<string> {
  const created = await client.json('POST', '/folders', { parentId, name });
  if (created.status !== 201) throw new Error(`creating folder ${name} failed: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.id as string;
}

/** Uploads a file and returns its node (fails the test on anything but 201). */
export async function uploadFile(
  client: TestClient,
  parentId: string,
  name: string,
  data: Uint8Array | string,
  options: { passphrase?: string } = {},
): Promise<any> {
  const uploaded = await client.upload(parentId, name, data, options);
  if (uploaded.status !== 201) throw new Error(`uploading ${name} failed: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
  return uploaded.body;
}

/** The bytes of a file, failing on anything but 200. */
export async function fileBytes(client: TestClient, id: string, headers: Record<string, string> = {}, query = ''): Promise<Buffer> {
  const download = await client.download(id, headers, query);
  if (download.status !== 200) throw new Error(`downloading ${id} failed: ${download.status} ${download.bytes.toString('utf8')}`);
  return download.bytes;
}

/** Every object file under `<blobDir>/objects/**`, as path → size. */
export function blobObjects(blobDir: string): Map<string, number> {
  const found = new Map<string, number>();
  const root = path.join(blobDir, 'objects');
  if (!existsSync(root)) return found;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.set(full, statSync(full).size);
    }
  };
  walk(root);
  return found;
}
