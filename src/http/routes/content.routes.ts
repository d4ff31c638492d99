import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CofferError } from '../../domain/index.js';
import { api } from '../../api/index.js';
import { isActiveContent, type OpenedFile } from '../../features/files/index.js';
import { contentDisposition, resolveRange } from '../byte-range.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { readPassphrase } from '../passphrase-header.js';
import { presentNode } from '../presenters.js';

/** User content must never run as our origin: no sniffing, and a sandbox even if a browser renders it. */
const contentSecurityPolicy = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; sandbox";

export function registerStreamRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions, upload } = services;
  // The body stays an unread stream whatever its declared type (a .json or .txt file is still just
  // bytes to us): the built-in JSON and text parsers are removed in this context, not just shadowed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));

  defineRoute(app, sessions, api.uploadFile, async ({ auth, query, request, reply }) => {
    const { node, created } = await upload.uploadNew(auth, {
      ...query,
      body: request.raw,
      declaredLength: declaredLength(request),
      passphrase: readPassphrase(request),
    });
    void reply.code(created ? 201 : 200);
    return reply.send(presentNode(node));
  });

  defineRoute(app, sessions, api.uploadVersion, async ({ auth, params, request }) =>
    presentNode(
      await upload.uploadVersion(auth, params.id, { body: request.raw, declaredLength: declaredLength(request), passphrase: readPassphrase(request) }),
    ),
  );
}

export function registerDownloadRoute(app: FastifyInstance, services: HttpServices): void {
  defineRoute(app, services.sessions, api.downloadFile, async ({ auth, params, query, request, reply }) => {
    const opened = await services.download.open(auth, params.id, { versionId: query.version, passphrase: readPassphrase(request) });
    await sendFile(request, reply, opened, query.inline === '1');
  });
}

export async function sendFile(request: FastifyRequest, reply: FastifyReply, opened: OpenedFile, inline: boolean): Promise<void> {
  const etag = `"${opened.version.id}"`;
  const common = {
    etag,
    'accept-ranges': 'bytes',
    'last-modified': new Date(opened.modifiedAt).toUTCString(),
    'cache-control': 'private, no-cache',
    'x-content-type-options': 'nosniff',
    'content-security-policy': contentSecurityPolicy,
  };
  if (matchesEtag(request.headers['if-none-match'], etag)) {
    void reply.code(304).headers(common).send();
    return;
  }
  const ifRange = request.headers['if-range'];
  const rangeHeader = ifRange === undefined || ifRange === etag ? request.headers.range : undefined;
  let range;
  try {
    range = resolveRange(rangeHeader, opened.size);
  } catch (err) {
    void reply.header('content-range', `bytes */${opened.size}`);
    throw err;
  }
  const activeContent = isActiveContent(opened.mimeType);
  const headers: Record<string, string> = {
    ...common,
    'content-type': activeContent ? 'application/octet-stream' : opened.mimeType,
    'content-disposition': contentDisposition(inline && !activeContent ? 'inline' : 'attachment', opened.name),
    'content-length': String(opened.size === 0 ? 0 : range.end - range.start + 1),
  };
  if (range.partial) headers['content-range'] = `bytes ${range.start}-${range.end}/${opened.size}`;
  const status = range.partial ? 206 : 200;
  if (request.method === 'HEAD' || opened.size === 0) {
    // Answered on the raw response: Fastify's automatic HEAD route would replace Content-Length with 0.
    reply.hijack();
    reply.raw.writeHead(status, { ...(reply.getHeaders() as OutgoingHttpHeaders), ...headers });
    reply.raw.end();
    return;
  }

  // Pull the first verified piece before committing to a status: most tampering is caught here and
  // reported as a clean JSON error. Past this point a failure aborts the connection, never ends it cleanly.
  const pieces = opened.read({ start: range.start, end: range.end })[Symbol.asyncIterator]();
  const first = await pieces.next();
  reply.hijack();
  // Keep the headers hooks already set on the reply (X-Frame-Options, Referrer-Policy): hijacking bypasses them.
  reply.raw.writeHead(status, { ...(reply.getHeaders() as OutgoingHttpHeaders), ...headers });
  const response = reply.raw;
  try {
    // Each piece is lent by the reader until the next is requested, so it must be fully handed to the
    // socket first (the write callback) — which is also the backpressure a download needs.
    for (let piece = first; !piece.done; piece = await pieces.next()) await writeFully(response, piece.value);
    response.end();
  } catch (err) {
    request.log.error({ code: err instanceof CofferError ? err.code : 'stream_error' }, 'download aborted');
    response.destroy();
  } finally {
    await pieces.return?.(undefined);
  }
}

function writeFully(response: ServerResponse, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (response.destroyed) {
      reject(new Error('the client went away'));
      return;
    }
    response.write(bytes, (err) => (err ? reject(err) : resolve()));
  });
}

function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((candidate) => {
    const value = candidate.trim().replace(/^W\//, '');
    return value === etag || value === '*';
  });
}

export function declaredLength(request: FastifyRequest): number | undefined {
  const header = request.headers['content-length'];
  if (header === undefined) return undefined;
  const length = Number(header);
  if (!Number.isSafeInteger(length) || length < 0) throw new CofferError('request.invalid', 'Content-Length is not a valid number.');
  return length;
}
