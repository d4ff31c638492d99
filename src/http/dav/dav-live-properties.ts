import type { NodeView } from '../../features/files/index.js';
import { etagOf, hrefFor, type DavRequest, type Resolved } from './dav-context.js';
import { activeLockXml, supportedLockXml } from './dav-render.js';
import { escapeXml } from './dav-xml.js';
import { hrefOf } from './dav-paths.js';

/** Live properties this server computes, in the order allprop lists them. */
export const liveNames = [
  'displayname',
  'getcontentlength',
  'getcontenttype',
  'getetag',
  'getlastmodified',
  'creationdate',
  'resourcetype',
  'supportedlock',
  'lockdiscovery',
  'quota-available-bytes',
  'quota-used-bytes',
] as const;
export type LiveName = (typeof liveNames)[number];

/** RFC 4331 quota properties are not part of allprop (RFC 4918 §9.1). */
export const allpropNames: readonly LiveName[] = liveNames.filter((n) => !n.startsWith('quota-'));

export function isLiveName(name: string): name is LiveName {
  return (liveNames as readonly string[]).includes(name);
}

/** Values computed once per request rather than once per listed item. */
export interface PropertyContext {
  usage?: { usedBytes: number; quotaBytes: number };
  anyLocks?: boolean;
}

/** The rendered property, or undefined when the item does not have it (404 in the propstat). */
export async function liveProperty(dav: DavRequest, item: Resolved, name: LiveName, context: PropertyContext): Promise<string | undefined> {
  const node: NodeView = item.node;
  const file = node.type === 'file';
  switch (name) {
    case 'displayname':
      return `<D:displayname>${escapeXml(node.name)}</D:displayname>`;
    case 'getcontentlength':
      return file ? `<D:getcontentlength>${node.size}</D:getcontentlength>` : undefined;
    case 'getcontenttype':
      return file ? `<D:getcontenttype>${escapeXml(node.mimeType ?? 'application/octet-stream')}</D:getcontenttype>` : undefined;
    case 'getetag':
      return `<D:getetag>${escapeXml(etagOf(node))}</D:getetag>`;
    case 'getlastmodified':
      return `<D:getlastmodified>${new Date(node.modifiedAt).toUTCString()}</D:getlastmodified>`;
    case 'creationdate':
      return `<D:creationdate>${new Date(node.createdAt).toISOString()}</D:creationdate>`;
    case 'resourcetype':
      return file ? '<D:resourcetype/>' : '<D:resourcetype><D:collection/></D:resourcetype>';
    case 'supportedlock':
      return supportedLockXml;
    case 'lockdiscovery': {
      context.anyLocks ??= await dav.services.davLocks.anyActive(dav.auth);
      const locks = context.anyLocks ? await dav.services.davLocks.covering(dav.auth, node.id) : [];
      const rendered = locks.map((lock) => activeLockXml(lock, lockRootHref(item, lock.nodeId)));
      return `<D:lockdiscovery>${rendered.join('')}</D:lockdiscovery>`;
    }
    case 'quota-used-bytes':
    case 'quota-available-bytes': {
      if (file) return undefined;
      context.usage ??= await dav.services.browse.usage(dav.auth);
      const { usedBytes, quotaBytes } = context.usage;
      if (name === 'quota-used-bytes') return `<D:quota-used-bytes>${usedBytes}</D:quota-used-bytes>`;
      // Unlimited: RFC 4331 lets a server leave the property out rather than invent a number.
      return quotaBytes === 0 ? undefined : `<D:quota-available-bytes>${Math.max(0, quotaBytes - usedBytes)}</D:quota-available-bytes>`;
    }
  }
}

/** A lock may be rooted at an ancestor of the item (depth infinity): its href is that ancestor's. */
function lockRootHref(item: Resolved, lockNodeId: string): string {
  const index = item.trail.findIndex((n) => n.id === lockNodeId);
  if (index < 0 || index === item.trail.length - 1) return hrefFor(item);
  return hrefOf(item.path.segments.slice(0, index), true);
}
