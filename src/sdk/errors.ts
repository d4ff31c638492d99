import { ErrorBody } from '../api/index.js';

/**
 * Codes the SDK produces itself, beside the server's error catalogue (src/domain/errors.ts).
 * They are as stable as the server's codes: callers may branch on them.
 */
export const clientErrorCodes = {
  /** fetch() failed before any answer arrived: DNS, refused connection, TLS, reset while sending. */
  networkUnreachable: 'network.unreachable',
  /** A download stopped before all of its bytes arrived (the server aborts when stored data fails its integrity check). */
  downloadIncomplete: 'download.incomplete',
  /** The server answered with something that does not match the API contract. */
  responseInvalid: 'response.invalid',
} as const;

export interface CofferApiErrorInit {
  status: number;
  code: string;
  message: string;
  correlationId?: string | undefined;
  details?: Record<string, unknown> | undefined;
  cause?: unknown;
}

/**
 * Any failure of a Coffer API call. `code` is a stable machine-readable code (`node.name_taken`,
 * `network.unreachable`); `status` is the HTTP status, or 0 when no answer arrived.
 *
 * @example
 * try { await client.createFolder({ parentId, name: 'Photos' }); }
 * catch (err) { if (err instanceof CofferApiError && err.code === 'node.name_taken') reuseExisting(); }
 */
export class CofferApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly correlationId: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(init: CofferApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'CofferApiError';
    this.status = init.status;
    this.code = init.code;
    this.correlationId = init.correlationId;
    this.details = init.details;
  }
}

export function isCofferApiError(err: unknown): err is CofferApiError {
  return err instanceof CofferApiError;
}

/** Turns a non-2xx answer into a CofferApiError, whether or not its body is the API's JSON error shape. */
export async function errorFromResponse(response: Response, url: string): Promise<CofferApiError> {
  const text = await response.text().catch(() => '');
  const parsed = ErrorBody.safeParse(parseJsonOrUndefined(text));
  if (parsed.success) {
    const { code, message, correlationId, details } = parsed.data.error;
    return new CofferApiError({ status: response.status, code, message, correlationId, details });
  }
  // A proxy or a server of another kind answered: keep the status so callers can still classify it.
  return new CofferApiError({
    status: response.status,
    code: clientErrorCodes.responseInvalid,
    message: `The server at ${url} answered HTTP ${response.status} ${response.statusText} without a Coffer error body.`,
  });
}

export function networkError(baseUrl: string, cause: unknown): CofferApiError {
  const reason = describeCause(cause);
  return new CofferApiError({
    status: 0,
    code: clientErrorCodes.networkUnreachable,
    message: `Could not reach the Coffer server at ${baseUrl}${reason ? ` (${reason})` : ''}.`,
    cause,
  });
}

function describeCause(cause: unknown): string {
  // Node's fetch reports every network failure as TypeError('fetch failed') and puts the reason in `cause`.
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause;
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${inner.message}` : inner.message;
  }
  return '';
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
