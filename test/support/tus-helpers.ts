import { createHash } from 'node:crypto';
import net from 'node:net';
import type { TestClient } from './http-client.js';

/** Raw tus 1.0.0 requests for integration tests: exact statuses and headers, no client library in between. */
export const tusHeaders = { 'tus-resumable': '1.0.0' };

export function tusMetadata(entries: Record<string, string>): string {
  return Object.entries(entries)
    .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');
}

export interface TusAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export async function tusRequest(
  client: TestClient,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Uint8Array,
): Promise<TusAnswer> {
  const response = await fetch(client.api + path, {
    method,
    headers: client.headers({ ...tusHeaders, ...(body !== undefined ? { 'content-type': 'application/offset+octet-stream' } : {}), ...headers }),
    ...(body !== undefined ? { body } : {}),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Creates an upload and returns its path below the API (`/uploads/<id>`). */
export async function tusCreate(
  client: TestClient,
  parentId: string,
  filename: string,
  length: number,
  extra: Record<string, string> = {},
  metadata: Record<string, string> = {},
): Promise<string> {
  const answer = await tusRequest(client, 'POST', '/uploads', {
    'upload-length': String(length),
    'upload-metadata': tusMetadata({ parentId, filename, ...metadata }),
    ...extra,
  });
  if (answer.status !== 201) throw new Error(`tus create failed: ${answer.status} ${answer.body}`);
  return (answer.headers.get('location') ?? '').replace(/^\/api\/v1/, '');
}

export function tusPatch(client: TestClient, path: string, offset: number, body: Uint8Array, headers: Record<string, string> = {}): Promise<TusAnswer> {
  return tusRequest(client, 'PATCH', path, { 'upload-offset': String(offset), ...headers }, body);
}

export async function tusOffset(client: TestClient, path: string): Promise<number> {
  const answer = await tusRequest(client, 'HEAD', path);
  if (answer.status !== 200) throw new Error(`tus HEAD failed: ${answer.status}`);
  return Number(answer.headers.get('upload-offset'));
}

/**
 * Sends a PATCH that declares `declared` bytes but delivers only `body`, then drops the connection, as a
 * client whose network fails mid-request. Resolves once the socket is closed.
 */
export function tusPatchThenDisconnect(serverUrl: string, client: TestClient, path: string, offset: number, declared: number, body: Buffer): Promise<void> {
  const { hostname, port } = new URL(serverUrl);
  const head =
    `PATCH /api/v1${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${client.token}\r\nTus-Resumable: 1.0.0\r\n` +
    `Content-Type: application/offset+octet-stream\r\nUpload-Offset: ${offset}\r\nContent-Length: ${declared}\r\n\r\n`;
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.on('connect', () => {
      socket.write(head);
      socket.write(body, () => setTimeout(() => socket.destroy(), 100));
    });
  });
}

/** Compare large buffers by hash: deep equality over megabytes is slow and prints unreadable diffs. */
export function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
