import type { DeadProperty } from '../../features/dav/index.js';
import { readXmlBody } from './dav-body.js';
import type { DavRequest, Resolved } from './dav-context.js';
import { hrefFor } from './dav-context.js';
import { DavError } from './dav-error.js';
import { allpropNames, isLiveName, liveNames, liveProperty, type PropertyContext } from './dav-live-properties.js';
import { emptyProperty, responseXml, sendMultistatus } from './dav-render.js';
import { child, davNs, elements, escapeXml } from './dav-xml.js';

type Wanted = { kind: 'allprop' } | { kind: 'propname' } | { kind: 'prop'; names: { ns: string; name: string }[] };

/**
 * PROPFIND at depth 0 or 1. Depth infinity is refused (403, DAV:propfind-finite-depth): on an encrypted
 * tree every level costs key unwraps and name decryptions. A missing Depth header means infinity in RFC
 * 4918, but Windows and most clients always send one; we answer a missing header as depth 1, as
 * Apache with DavDepthInfinity off and SabreDAV do.
 */
export async function propfind(dav: DavRequest): Promise<void> {
  const depthHeader = dav.header('depth')?.trim().toLowerCase();
  if (depthHeader === 'infinity') throw new DavError(403, 'PROPFIND with Depth: infinity is not supported.', 'propfind-finite-depth');
  if (depthHeader !== undefined && depthHeader !== '0' && depthHeader !== '1') throw new DavError(400, 'Depth must be 0, 1 or infinity.');
  const depth = depthHeader === '0' ? 0 : 1;
  const wanted = parseWanted(await readXmlBody(dav));
  const target = await dav.find();
  if (!target) throw new DavError(404, 'Nothing at this address.');
  const items: Resolved[] = [target];
  if (depth === 1 && target.node.type === 'folder') {
    const listing = await dav.services.browse.list(dav.auth, target.node.id, { sort: 'name', order: 'asc', limit: Number.MAX_SAFE_INTEGER });
    for (const node of listing.items) {
      if (node.damaged) continue;
      items.push({ path: { segments: [...target.path.segments, node.name] }, node, trail: [...target.trail, node] });
    }
  }
  const context: PropertyContext = {};
  const needsDead = wanted.kind !== 'prop' || wanted.names.some((n) => !(n.ns === davNs && isLiveName(n.name)));
  const dead = needsDead
    ? await dav.services.davProperties.listMany(
        dav.auth,
        items.map((i) => i.node.id),
      )
    : new Map<string, DeadProperty[]>();
  const responses: string[] = [];
  for (const item of items) responses.push(await describe(dav, item, wanted, context, dead.get(item.node.id) ?? []));
  sendMultistatus(dav.reply, responses);
}

function parseWanted(body: ReturnType<typeof child> | undefined): Wanted {
  if (!body) return { kind: 'allprop' };
  if (body.ns !== davNs || body.name !== 'propfind') throw new DavError(400, 'The body must be a DAV:propfind element.');
  if (child(body, davNs, 'propname')) return { kind: 'propname' };
  if (child(body, davNs, 'allprop')) return { kind: 'allprop' };
  const prop = child(body, davNs, 'prop');
  if (!prop) throw new DavError(400, 'DAV:propfind needs DAV:prop, DAV:allprop or DAV:propname.');
  return { kind: 'prop', names: elements(prop).map((e) => ({ ns: e.ns, name: e.name })) };
}

async function describe(dav: DavRequest, item: Resolved, wanted: Wanted, context: PropertyContext, dead: readonly DeadProperty[]): Promise<string> {
  const href = hrefFor(item);
  const found: string[] = [];
  const missing: string[] = [];
  if (wanted.kind === 'propname') {
    for (const name of liveNames) if ((await liveProperty(dav, item, name, context)) !== undefined) found.push(emptyProperty(davNs, name));
    for (const p of dead) found.push(emptyProperty(p.ns, p.name));
  } else if (wanted.kind === 'allprop') {
    for (const name of allpropNames) {
      const value = await liveProperty(dav, item, name, context);
      if (value !== undefined) found.push(value);
    }
    for (const p of dead) found.push(deadXml(p));
  } else {
    for (const { ns, name } of wanted.names) {
      const value = ns === davNs && isLiveName(name) ? await liveProperty(dav, item, name, context) : deadValue(dead, ns, name);
      if (value !== undefined) found.push(value);
      else missing.push(emptyProperty(ns, name));
    }
  }
  return responseXml(href, [
    { status: 200, props: found },
    { status: 404, props: missing },
  ]);
}

function deadValue(dead: readonly DeadProperty[], ns: string, name: string): string | undefined {
  const property = dead.find((p) => p.ns === ns && p.name === name);
  return property ? deadXml(property) : undefined;
}

export function deadXml(property: DeadProperty): string {
  return `<${property.name} xmlns="${escapeXml(property.ns)}">${property.xml}</${property.name}>`;
}
