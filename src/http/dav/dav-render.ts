import type { FastifyReply } from 'fastify';
import type { DavLock } from '../../features/dav/index.js';
import { escapeXml } from './dav-xml.js';

export const xmlHeader = '<?xml version="1.0" encoding="utf-8"?>\n';
const reasons: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  423: 'Locked',
  424: 'Failed Dependency',
  500: 'Internal Server Error',
  507: 'Insufficient Storage',
};

export function statusLine(status: number): string {
  return `HTTP/1.1 ${status} ${reasons[status] ?? 'Unknown'}`;
}

export interface PropStat {
  readonly status: number;
  /** Rendered property elements. */
  readonly props: readonly string[];
}

export function responseXml(href: string, propstats: readonly PropStat[]): string {
  const stats = propstats
    .filter((p) => p.props.length > 0)
    .map((p) => `<D:propstat><D:prop>${p.props.join('')}</D:prop><D:status>${statusLine(p.status)}</D:status></D:propstat>`)
    .join('');
  return `<D:response><D:href>${escapeXml(href)}</D:href>${stats}</D:response>`;
}

export function statusResponseXml(href: string, status: number): string {
  return `<D:response><D:href>${escapeXml(href)}</D:href><D:status>${statusLine(status)}</D:status></D:response>`;
}

export function sendMultistatus(reply: FastifyReply, responses: readonly string[]): FastifyReply {
  return reply
    .code(207)
    .type('application/xml; charset=utf-8')
    .send(`${xmlHeader}<D:multistatus xmlns:D="DAV:">${responses.join('')}</D:multistatus>`);
}

/** An empty element in a namespace of its own (dead properties, unknown names). */
export function emptyProperty(ns: string, name: string): string {
  return ns === 'DAV:' ? `<D:${name}/>` : `<${name} xmlns="${escapeXml(ns)}"/>`;
}

export function activeLockXml(lock: DavLock, lockRootHref: string): string {
  const timeout = `Second-${Math.max(0, Math.round((lock.expiresAt - Date.now()) / 1000))}`;
  return (
    `<D:activelock><D:locktype><D:write/></D:locktype><D:lockscope><D:${lock.scope}/></D:lockscope>` +
    `<D:depth>${lock.depth === '0' ? '0' : 'infinity'}</D:depth>` +
    (lock.owner !== undefined ? `<D:owner>${lock.owner}</D:owner>` : '') +
    `<D:timeout>${timeout}</D:timeout><D:locktoken><D:href>${escapeXml(lock.token)}</D:href></D:locktoken>` +
    `<D:lockroot><D:href>${escapeXml(lockRootHref)}</D:href></D:lockroot></D:activelock>`
  );
}

export const supportedLockXml =
  '<D:supportedlock><D:lockentry><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry>' +
  '<D:lockentry><D:lockscope><D:shared/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockentry></D:supportedlock>';

export function errorXml(precondition: string): string {
  return `${xmlHeader}<D:error xmlns:D="DAV:"><D:${precondition}/></D:error>`;
}
