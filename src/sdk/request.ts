import type { RouteContract } from '../api/index.js';
import { clientErrorCodes, CofferApiError, errorFromResponse, networkError } from './errors.js';

export const apiPrefix = '/api/v1';

type Fetch = typeof globalThis.fetch;

/** What every call needs: where the server is, the bearer token if any, and the fetch to use. */
export interface Transport {
  readonly baseUrl: string;
  readonly token: string | undefined;
  readonly fetch: Fetch;
}

export interface LooseParts {
  readonly params?: unknown;
  readonly query?: unknown;
  readonly body?: unknown;
}

/** Fills a Fastify-style path (`/nodes/:id`) and appends the query, skipping undefined values. */
export function buildUrl(baseUrl: string, path: string, params?: unknown, query?: unknown): string {
  const values = (params ?? {}) as Record<string, unknown>;
  const filled = path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) throw new TypeError(`Missing path parameter "${name}" for ${path}.`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined && value !== null) search.append(key, String(value));
  }
  const queryString = search.toString();
  const suffix = queryString ? `?${queryString}` : '';
  return `${baseUrl.replace(/\/+$/, '')}${apiPrefix}${filled}${suffix}`;
}

/** Header a cookie-authenticated write must carry (the server's CSRF check); harmless with a bearer token. */
export const browserRequestHeader = 'x-coffer-request';

export function authHeaders(transport: Transport): Record<string, string> {
  return transport.token ? { authorization: `Bearer ${transport.token}` } : { [browserRequestHeader]: '1' };
}

/** fetch() with network failures turned into CofferApiError('network.unreachable') and error answers into CofferApiError. */
export async function send(transport: Transport, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await transport.fetch(url, init);
  } catch (err) {
    if (err instanceof CofferApiError) throw err;
    if (isAbort(err)) throw err;
    throw networkError(transport.baseUrl, err);
  }
  if (!response.ok) throw await errorFromResponse(response, transport.baseUrl);
  return response;
}

/**
 * The core of every JSON call: fills the path, serializes the query, sends the body as JSON and
 * validates the answer with the contract's schema (cheap safety against a server of another version).
 */
export async function requestJson(transport: Transport, contract: RouteContract, parts: LooseParts, signal?: AbortSignal): Promise<unknown> {
  const url = buildUrl(transport.baseUrl, contract.path, parts.params, parts.query);
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(transport) };
  let body: string | undefined;
  if (parts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(parts.body);
  }
  const response = await send(transport, url, { method: contract.method, headers, body, signal });
  return parseResult(contract, response, transport.baseUrl);
}

export async function parseResult(contract: RouteContract, response: Response, baseUrl: string): Promise<unknown> {
  if (typeof contract.response === 'string') {
    await response.body?.cancel();
    return undefined;
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch (err) {
    throw invalidResponse(response.status, baseUrl, contract, 'the body is not JSON', err);
  }
  const parsed = contract.response.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'shape mismatch';
    throw invalidResponse(response.status, baseUrl, contract, where, parsed.error);
  }
  return parsed.data;
}

function invalidResponse(status: number, baseUrl: string, contract: RouteContract, why: string, cause: unknown): CofferApiError {
  return new CofferApiError({
    status,
    code: clientErrorCodes.responseInvalid,
    message: `The server at ${baseUrl} sent an answer to ${contract.method} ${contract.path} that this client does not understand (${why}). Are client and server the same version?`,
    cause,
  });
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}
