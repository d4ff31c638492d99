import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CofferError } from '../../domain/index.js';
import { sendError } from '../error-mapper.js';
import { authenticateDav, davRealm } from './dav-auth.js';
import { DavRequest, type DavServices } from './dav-context.js';
import { copyOrMove } from './dav-copy-move.js';
import { DavError } from './dav-error.js';
import { getOrHead } from './dav-get.js';
import { lock, unlock } from './dav-lock.js';
import { davPrefix, parseDavPath } from './dav-paths.js';
import { propfind } from './dav-propfind.js';
import { proppatch } from './dav-proppatch.js';
import { errorXml } from './dav-render.js';
import { mkcol, put, remove } from './dav-write.js';

const davMethods = ['PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK'] as const;
const allowed = 'OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, MKCOL, COPY, MOVE, LOCK, UNLOCK';

const handlers: Record<string, (dav: DavRequest) => Promise<void>> = {
  GET: getOrHead,
  HEAD: getOrHead,
  PUT: put,
  DELETE: remove,
  PROPFIND: propfind,
  PROPPATCH: proppatch,
  MKCOL: mkcol,
  COPY: (dav) => copyOrMove(dav, false),
  MOVE: (dav) => copyOrMove(dav, true),
  LOCK: lock,
  UNLOCK: unlock,
};

/** Fastify knows only the HTTP methods; WebDAV's must be declared once, on the root instance. */
export function addDavMethods(app: FastifyInstance): void {
  for (const method of davMethods) if (!app.supportedMethods.includes(method)) app.addHttpMethod(method, { hasBody: true });
}

/**
 * WebDAV at /dav/: a thin transport over the same feature services as the REST API. Registered in its own
 * context: every body stays an unread stream (PUT streams it into the upload service, XML bodies are read
 * with a size limit), and errors are answered the WebDAV way.
 */
export function registerDavRoutes(app: FastifyInstance, services: DavServices): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.setErrorHandler((err, request, reply) => sendDavError(request, reply, err));

  const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (request.method === 'OPTIONS') return void sendOptions(reply);
    const path = parseDavPath(request.url);
    const auth = await authenticateDav(request, services.sessions, services.davBasicLimiter);
    const handler = handlers[request.method];
    if (!handler) throw new DavError(405, 'This method is not supported here.');
    await handler(new DavRequest(services, auth, request, reply, path));
  };
  const methods = ['OPTIONS', 'GET', 'HEAD', 'PUT', 'DELETE', ...davMethods];
  app.route({ method: methods, url: davPrefix, exposeHeadRoute: false, handler: handle });
  app.route({ method: methods, url: `${davPrefix}/*`, exposeHeadRoute: false, handler: handle });
}

/** The Windows mini-redirector probes OPTIONS on the server root before it talks WebDAV at all. */
export function registerRootOptions(app: FastifyInstance): void {
  app.options('/', async (_request, reply) => sendOptions(reply));
}

function sendOptions(reply: FastifyReply): FastifyReply {
  return reply.code(200).headers({ dav: '1, 2', 'ms-author-via': 'DAV', allow: allowed, 'content-length': '0' }).send();
}

function sendDavError(request: FastifyRequest, reply: FastifyReply, err: unknown): void {
  if (err instanceof DavError) {
    if (err.status === 401) void reply.header('www-authenticate', davRealm);
    const send = (): void => {
      if (err.precondition) void reply.code(err.status).type('application/xml; charset=utf-8').send(errorXml(err.precondition));
      else void reply.code(err.status).type('text/plain; charset=utf-8').send(`${err.message}\n`);
    };
    afterBody(request, reply, send);
    return;
  }
  if (err instanceof CofferError) {
    const mapped = davStatusFor(err);
    if (mapped !== undefined) return sendDavError(request, reply, new DavError(mapped, err.message));
  }
  sendError(reply, err, request.log);
}

/** Catalogue errors whose WebDAV meaning differs from the REST one. */
function davStatusFor(err: CofferError): number | undefined {
  switch (err.code) {
    case 'node.in_trash':
      return 404;
    case 'node.name_taken':
      return 409;
    case 'node.is_root':
    case 'node.move_into_itself':
      return 403;
    case 'dav.locked':
      return 423;
    case 'auth.session_invalid':
    case 'auth.required':
      return 401;
    default:
      return undefined;
  }
}

/**
 * Refused before the body was read (a PUT into a missing folder): as the REST error mapper does, a small
 * remainder is read and discarded first so that clients that only read the answer after sending see it;
 * for a large one the answer goes at once and the connection closes.
 */
function afterBody(request: FastifyRequest, reply: FastifyReply, send: () => void): void {
  const raw = request.raw;
  if (raw.complete) return send();
  const declared = Number(raw.headers['content-length'] ?? Number.NaN);
  if (raw.destroyed || !(declared <= maxDrainedBytes)) {
    void reply.header('connection', 'close');
    return send();
  }
  const timer = setTimeout(() => raw.destroy(), 10_000);
  raw.once('end', () => {
    clearTimeout(timer);
    send();
  });
  raw.once('error', () => clearTimeout(timer));
  raw.resume();
}

const maxDrainedBytes = 16 * 1024 * 1024;
