import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FlakyProxy {
  readonly url: string;
  /** Requests seen, as "METHOD path", including the ones answered with a failure. */
  readonly requests: string[];
  /** Makes the next `count` requests that match fail with `mode`. */
  failNext(count: number, mode: 'status-503' | 'stall', match?: (method: string, path: string) => boolean): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy that forwards to `target`, except that it can answer 503 (or never answer) a set number of
 * times: proves a client retries server errors and timeouts against a real socket.
 */
export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const requests: string[] = [];
  let failures: { count: number; mode: 'status-503' | 'stall'; match: (method: string, path: string) => boolean } | undefined;
  const server = http.createServer((request, response) => {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    requests.push(`${method} ${path}`);
    if (failures && failures.count > 0 && failures.match(method, path)) {
      failures.count -= 1;
      // The body must be read either way, or the client would block writing it.
      request.resume();
      if (failures.mode === 'stall') return;
      request.on('end', () => {
        response.writeHead(503, { 'content-type': 'application/xml' });
        response.end(
          '<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>',
        );
      });
      return;
    }
    const forwarded = http.request({ host: upstream.hostname, port: upstream.port, method, path, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(count, mode, match = () => true) {
      failures = { count, mode, match };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
