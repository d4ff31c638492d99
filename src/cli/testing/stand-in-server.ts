import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Coffer server in CLI unit tests: answers canned JSON per `METHOD /path` and records
 * every request. It knows nothing of Coffer's rules; end-to-end tests use the real server.
 */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export type StandInHandler = (request: RecordedRequest, response: ServerResponse) => void;

export interface StandInServer {
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Answers `METHOD /api/v1/...` (path without the query) with the handler. */
  on(route: string, handler: StandInHandler): void;
  close(): Promise<void>;
}

export async function startStandInServer(): Promise<StandInServer> {
  const handlers = new Map<string, StandInHandler>();
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      const request = { method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(request);
      const handler = handlers.get(`${request.method} ${request.path}`);
      if (handler) handler(request, res);
      else sendJson(res, 404, { error: { code: 'route.not_found', message: `The stand-in has no answer for ${request.method} ${request.path}.` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    on: (route, handler) => void handlers.set(route, handler),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

export const json =
  (status: number, body: unknown): StandInHandler =>
  (_, response) =>
    sendJson(response, status, body);
