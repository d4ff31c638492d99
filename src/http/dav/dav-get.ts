import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { CofferError } from '../../domain/index.js';
import { isActiveContent } from '../../features/files/index.js';
import { resolveRange } from '../byte-range.js';
import { etagOf, hrefFor, type DavRequest } from './dav-context.js';
import { DavError } from './dav-error.js';
import { matches } from './dav-conditions.js';
import { escapeXml } from './dav-xml.js';

/** GET and HEAD: files stream with Range and ETag; a folder answers a small HTML listing, as mod_dav does. */
export async function getOrHead(dav: DavRequest): Promise<void> {
  const target = await dav.find();
  if (!target) throw new DavError(404, 'Nothing at this address.');
  const etag = etagOf(target.node);
  const ifMatch = dav.header('if-match');
  if (ifMatch !== undefined && !matches(ifMatch, etag)) throw new DavError(412, 'If-Match does not hold.');
  const common: Record<string, string> = {
    etag,
    'last-modified': new Date(target.node.modifiedAt).toUTCString(),
    'cache-control': 'private, no-cache',
    'content-security-policy': "default-src 'none'; sandbox",
  };
  const ifNoneMatch = dav.header('if-none-match');
  if (ifNoneMatch !== undefined && matches(ifNoneMatch, etag)) {
    send(dav, 304, common, undefined);
    return;
  }
  if (target.node.type === 'folder') {
    const listing = await dav.services.browse.list(dav.auth, target.node.id, { sort: 'name', order: 'asc', limit: Number.MAX_SAFE_INTEGER });
    const base = hrefFor(target);
    const rows = listing.items.map(
      (n) => `<li><a href="${escapeXml(base + encodeURIComponent(n.name) + (n.type === 'folder' ? '/' : ''))}">${escapeXml(n.name)}</a></li>`,
    );
    const html = Buffer.from(`<!doctype html><meta charset="utf-8"><title>${escapeXml(target.node.name || 'Coffer')}</title><ul>${rows.join('')}</ul>\n`);
    send(dav, 200, { ...common, 'content-type': 'text/html; charset=utf-8', 'content-length': String(html.length) }, html);
    return;
  }

  const opened = await dav.services.download.open(dav.auth, target.node.id);
  const ifRange = dav.header('if-range');
  const rangeHeader = ifRange === undefined || ifRange === etag ? dav.header('range') : undefined;
  let range;
  try {
    range = resolveRange(rangeHeader, opened.size);
  } catch (err) {
    void dav.reply.header('content-range', `bytes */${opened.size}`);
    throw err;
  }
  const headers: Record<string, string> = {
    ...common,
    'accept-ranges': 'bytes',
    'content-type': isActiveContent(opened.mimeType) ? 'application/octet-stream' : opened.mimeType,
    'content-length': String(opened.size === 0 ? 0 : range.end - range.start + 1),
  };
  if (range.partial) headers['content-range'] = `bytes ${range.start}-${range.end}/${opened.size}`;
  const status = range.partial ? 206 : 200;
  if (dav.request.method === 'HEAD' || opened.size === 0) {
    send(dav, status, headers, undefined);
    return;
  }
  // As the REST download: the first verified piece comes before the status line, so early tampering is a clean error.
  const pieces = opened.read({ start: range.start, end: range.end })[Symbol.asyncIterator]();
  const first = await pieces.next();
  dav.reply.hijack();
  dav.reply.raw.writeHead(status, { ...(dav.reply.getHeaders() as OutgoingHttpHeaders), ...headers });
  const response = dav.reply.raw;
  try {
    for (let piece = first; !piece.done; piece = await pieces.next()) await writeFully(response, piece.value);
    response.end();
  } catch (err) {
    dav.request.log.error({ code: err instanceof CofferError ? err.code : 'stream_error' }, 'dav download aborted');
    response.destroy();
  } finally {
    await pieces.return?.(undefined);
  }
}

/** On the raw response: Fastify would otherwise replace a HEAD answer's Content-Length with 0. */
function send(dav: DavRequest, status: number, headers: Record<string, string>, body: Buffer | undefined): void {
  dav.reply.hijack();
  dav.reply.raw.writeHead(status, { ...(dav.reply.getHeaders() as OutgoingHttpHeaders), ...headers });
  dav.reply.raw.end(dav.request.method === 'HEAD' ? undefined : body);
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
