import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import { CofferError, errorCatalogue } from '../domain/index.js';
import type { ErrorBodyDto } from '../api/index.js';

/** Fastify's own failures (body parsing, limits) translated into our catalogue. */
function fromFastify(err: { code?: unknown; statusCode?: unknown }): CofferError | undefined {
  const code = typeof err.code === 'string' ? err.code : '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new CofferError('request.too_large');
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new CofferError('request.unsupported_media_type');
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return new CofferError('request.malformed_json', 'The request body is empty but JSON was declared.');
  if (code.startsWith('FST_ERR_CTP_') || code === 'FST_ERR_CTP_INVALID_JSON_BODY') return new CofferError('request.malformed_json');
  if (
    code.startsWith('FST_INVALID_MULTIPART') ||
    code.startsWith('FST_MULTIPART') ||
    code.startsWith('FST_PARTS') ||
    code.startsWith('FST_FILES') ||
    code.startsWith('FST_FIELDS')
  ) {
    return new CofferError('request.malformed_multipart');
  }
  if (err.statusCode === 400 && err instanceof SyntaxError) return new CofferError('request.malformed_json');
  return undefined;
}

/**
 * The one place errors become HTTP responses. Known errors keep their code and message; anything
 * else is logged with a correlation id and reaches the client only as a generic 500 with that id.
 */
export function sendError(reply: FastifyReply, err: unknown, log: FastifyBaseLogger): void {
  const known = err instanceof CofferError ? err : fromFastify((err ?? {}) as { code?: unknown; statusCode?: unknown });
  const body: ErrorBodyDto = { error: { code: 'internal', message: errorCatalogue.internal.message } };
  let status = 500;
  if (known) {
    status = known.status;
    body.error = { code: known.code, message: known.message, ...(known.details ? { details: { ...known.details } } : {}) };
    if (known.code === 'storage.integrity_failed') log.error({ code: known.code, detail: known.message }, 'integrity check failed');
    const retryAfter = known.details?.['retryAfterSeconds'];
    if (typeof retryAfter === 'number') void reply.header('retry-after', String(retryAfter));
  } else {
    const correlationId = randomUUID();
    body.error.correlationId = correlationId;
    log.error({ correlationId, err }, 'unexpected error');
  }
  if (reply.sent || reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  const send = (): void => void reply.code(status).type('application/json; charset=utf-8').send(body);
  const request = reply.request.raw;
  if (request.complete) {
    send();
    return;
  }
  // Refused before the request body was read to the end (an upload refused early or stopped midway). Many
  // clients (fetch among them) only read the answer once they have sent their whole body: a small remainder
  // is read and discarded first, so they get it; for a large one the answer goes now and the connection closes.
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  // A body already abandoned mid-read (an upload loop that threw) cannot be drained: answer, and close.
  if (request.destroyed || !(declared <= maxDrainedBytes)) {
    void reply.header('connection', 'close');
    send();
    return;
  }
  const timer = setTimeout(() => request.destroy(), drainTimeoutMs);
  request.once('end', () => {
    clearTimeout(timer);
    send();
  });
  request.once('error', () => clearTimeout(timer));
  request.resume();
}

/** The most of an unwanted request body read and discarded so that the client sees the error (see sendError). */
const maxDrainedBytes = 16 * 1024 * 1024;
const drainTimeoutMs = 10_000;
