import { normalizeName } from '../../domain/index.js';
import { DavError } from './dav-error.js';

export const davPrefix = '/dav';

/** A path under /dav/: the decoded, NFC-normalized names from the user's root. */
export interface DavPath {
  readonly segments: readonly string[];
}

/**
 * Maps a request target to names. Each segment is percent-decoded on its own, so an encoded "/" inside a
 * name is refused rather than read as a separator; names are NFC-normalized (macOS sends NFD) and must
 * pass the same rules as the API's. A fragment has no business in a request target and is refused.
 */
export function parseDavPath(rawUrl: string): DavPath {
  const pathname = rawUrl.split('?')[0]!;
  if (pathname.includes('#')) throw new DavError(400, 'The request target must not contain a fragment.');
  if (pathname !== davPrefix && !pathname.startsWith(`${davPrefix}/`)) throw new DavError(404, 'Not a WebDAV path.');
  const segments: string[] = [];
  for (const raw of pathname.slice(davPrefix.length).split('/')) {
    if (raw === '') continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(raw);
    } catch {
      throw new DavError(400, 'The request target is not valid percent-encoded UTF-8.');
    }
    segments.push(normalizeName(decoded));
  }
  return { segments };
}

export function hrefOf(segments: readonly string[], collection: boolean): string {
  const encoded = segments.map((s) => encodeURIComponent(s)).join('/');
  if (segments.length === 0) return `${davPrefix}/`;
  return `${davPrefix}/${encoded}${collection ? '/' : ''}`;
}

export function parentOf(path: DavPath): DavPath {
  return { segments: path.segments.slice(0, -1) };
}

export function isInside(inner: DavPath, outer: DavPath): boolean {
  return inner.segments.length >= outer.segments.length && outer.segments.every((s, i) => inner.segments[i] === s);
}

/**
 * The Destination header of COPY and MOVE (RFC 4918 §10.3): an absolute URI on this server, or an absolute
 * path. Another host, or a path outside /dav/, is a destination this server cannot act on (502).
 */
export function parseDestination(header: string | undefined, requestHost: string | undefined): DavPath {
  if (!header) throw new DavError(400, 'COPY and MOVE need a Destination header.');
  let pathname: string;
  try {
    const url = new URL(header, 'http://placeholder.invalid');
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(header);
    if (absolute && url.protocol !== 'http:' && url.protocol !== 'https:') throw new DavError(502, 'The destination is not on this server.');
    if (absolute && requestHost !== undefined && url.host.toLowerCase() !== requestHost.toLowerCase())
      throw new DavError(502, 'The destination is on another server.');
    if (url.hash) throw new DavError(400, 'The destination must not contain a fragment.');
    pathname = url.pathname;
  } catch (err) {
    if (err instanceof DavError) throw err;
    throw new DavError(400, 'The Destination header is not a valid URI.');
  }
  if (pathname !== davPrefix && !pathname.startsWith(`${davPrefix}/`)) throw new DavError(502, 'The destination is outside the WebDAV space.');
  return parseDavPath(pathname);
}
