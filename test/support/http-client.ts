/**
 * Minimal raw HTTP helpers for integration tests: they assert on exact statuses, headers and bodies,
 * which a friendlier SDK would hide.
 */
export interface JsonResponse<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export class TestClient {
  constructor(
    readonly api: string,
    public token?: string,
  ) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  async json<T = any>(method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<JsonResponse<T>> {
    const response = await fetch(this.api + path, {
      method,
      headers: this.headers({ ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...extraHeaders }),
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  async signIn(email: string, password: string): Promise<any> {
    const result = await this.json('POST', '/auth/sign-in', { email, password });
    if (result.status !== 200) throw new Error(`sign-in failed: ${result.status} ${JSON.stringify(result.body)}`);
    this.token = result.body.token;
    return result.body.user;
  }

  async upload(
    parentId: string,
    name: string,
    data: Uint8Array | string,
    options: { onConflict?: 'fail' | 'version'; passphrase?: string } = {},
  ): Promise<JsonResponse> {
    const query = new URLSearchParams({ parentId, name, ...(options.onConflict ? { onConflict: options.onConflict } : {}) });
    const response = await fetch(`${this.api}/files?${query}`, {
      method: 'POST',
      headers: this.headers({
        'content-type': 'application/octet-stream',
        ...(options.passphrase !== undefined ? { 'coffer-passphrase': Buffer.from(options.passphrase, 'utf8').toString('base64') } : {}),
      }),
      body: typeof data === 'string' ? Buffer.from(data) : data,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  async download(id: string, headers: Record<string, string> = {}, query = ''): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const response = await fetch(`${this.api}/files/${id}/content${query}`, { headers: this.headers(headers) });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }
}

export function passphraseHeader(passphrase: string): Record<string, string> {
  return { 'coffer-passphrase': Buffer.from(passphrase, 'utf8').toString('base64') };
}
