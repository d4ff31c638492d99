import type { Dialect } from './dialects.js';
import { TestClient } from './http-client.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from './test-server.js';

export interface DavResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Raw WebDAV requests with Basic authentication (email + a Coffer token), as WebDAV clients send them. */
export class DavClient {
  constructor(
    readonly base: string,
    readonly email: string,
    readonly token: string,
  ) {}

  get basic(): string {
    return `Basic ${Buffer.from(`${this.email}:${this.token}`).toString('base64')}`;
  }

  async request(
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: string | Uint8Array; auth?: string | null } = {},
  ): Promise<DavResponse> {
    const auth = options.auth === undefined ? this.basic : options.auth;
    const response = await fetch(this.base + path, {
      method,
      headers: { ...(auth ? { authorization: auth } : {}), ...options.headers },
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  async bytes(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const response = await fetch(this.base + path, { headers: { authorization: this.basic, ...headers } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  propfind(path: string, depth: string | undefined, body?: string): Promise<DavResponse> {
    return this.request('PROPFIND', path, {
      headers: { ...(depth !== undefined ? { depth } : {}), 'content-type': 'application/xml' },
      ...(body ? { body } : {}),
    });
  }
}

/** The hrefs of a multistatus body, decoded. */
export function hrefsIn(xml: string): string[] {
  return [...xml.matchAll(/<D:href>([^<]*)<\/D:href>/g)].map((m) => decodeURIComponent(m[1]!.replace(/&amp;/g, '&')));
}

/** A server with the administrator signed in for the REST API and a token (kind "token") for WebDAV. */
export async function startDavServer(
  dialect: Dialect,
  env: Record<string, string> = {},
): Promise<{ server: TestServer; client: TestClient; dav: DavClient; rootId: string }> {
  const server = await startTestServer(dialect, env);
  const signIn = await fetch(`${server.api}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: adminEmail, password: adminPassword, kind: 'token', label: 'webdav tests' }),
  });
  const body = (await signIn.json()) as { token: string; user: { rootFolderId: string } };
  const client = new TestClient(server.api, body.token);
  return { server, client, dav: new DavClient(`${server.url}`, adminEmail, body.token), rootId: body.user.rootFolderId };
}
