import { CofferError } from '../../domain/index.js';
import type { PropertyChange } from '../../features/dav/index.js';
import { readXmlBody } from './dav-body.js';
import { checkConditions } from './dav-conditions.js';
import { hrefFor, type DavRequest } from './dav-context.js';
import { DavError } from './dav-error.js';
import { emptyProperty, responseXml, sendMultistatus } from './dav-render.js';
import { child, davNs, elements, serializeChildren } from './dav-xml.js';

/**
 * PROPPATCH: dead properties in any namespace but DAV: are stored, sealed under the item's key. Every
 * DAV: property is live (or reserved) and protected: such a request fails as a whole, the protected
 * ones with 403 and the others with 424, as RFC 4918 §9.2 asks (all or nothing).
 */
export async function proppatch(dav: DavRequest): Promise<void> {
  const body = await readXmlBody(dav);
  if (!body || body.ns !== davNs || body.name !== 'propertyupdate') throw new DavError(400, 'The body must be a DAV:propertyupdate element.');
  const target = await dav.find();
  if (!target) throw new DavError(404, 'Nothing at this address.');
  await checkConditions(dav, target, [{ nodeId: target.node.id, descendants: false }]);

  const changes: PropertyChange[] = [];
  for (const instruction of elements(body)) {
    if (instruction.ns !== davNs || (instruction.name !== 'set' && instruction.name !== 'remove')) continue;
    const prop = child(instruction, davNs, 'prop');
    if (!prop) throw new DavError(400, `DAV:${instruction.name} needs a DAV:prop element.`);
    for (const element of elements(prop)) {
      if (instruction.name === 'set') changes.push({ action: 'set', property: { ns: element.ns, name: element.name, xml: serializeChildren(element) } });
      else changes.push({ action: 'remove', ns: element.ns, name: element.name });
    }
  }
  const names = (c: PropertyChange): { ns: string; name: string } => (c.action === 'set' ? c.property : c);
  const isProtected = (c: PropertyChange): boolean => names(c).ns === davNs;
  const href = hrefFor(target);
  if (changes.some(isProtected)) {
    sendMultistatus(dav.reply, [
      responseXml(href, [
        { status: 403, props: changes.filter(isProtected).map((c) => emptyProperty(names(c).ns, names(c).name)) },
        { status: 424, props: changes.filter((c) => !isProtected(c)).map((c) => emptyProperty(names(c).ns, names(c).name)) },
      ]),
    ]);
    return;
  }
  try {
    await dav.services.davProperties.patch(dav.auth, target.node.id, changes);
  } catch (err) {
    if (err instanceof CofferError && (err.code === 'file.passphrase_required' || err.code === 'request.too_large')) {
      const status = err.code === 'request.too_large' ? 507 : 403;
      sendMultistatus(dav.reply, [responseXml(href, [{ status, props: changes.map((c) => emptyProperty(names(c).ns, names(c).name)) }])]);
      return;
    }
    throw err;
  }
  sendMultistatus(dav.reply, [responseXml(href, [{ status: 200, props: changes.map((c) => emptyProperty(names(c).ns, names(c).name)) }])]);
}
