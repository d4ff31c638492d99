import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { DavError } from './dav-error.js';

/** An XML element with its namespace resolved; children are elements or text. */
export interface XmlElement {
  readonly ns: string;
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}
export type XmlNode = XmlElement | string;

export const davNs = 'DAV:';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: '#comment',
});

/**
 * Parses a request body. Any DTD is refused before parsing: no external entities (XXE) and no entity
 * expansion (billion laughs) can reach a parser, and the parser itself expands nothing but the five
 * predefined entities and character references, which we decode ourselves.
 */
export function parseXml(text: string): XmlElement {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new DavError(400, 'XML with a document type declaration or entities is not accepted.');
  if (XMLValidator.validate(text) !== true) throw new DavError(400, 'The request body is not well-formed XML.');
  const tree = parser.parse(text) as RawNode[];
  const roots = tree.filter((n) => elementName(n) !== undefined);
  if (roots.length !== 1) throw new DavError(400, 'The XML body must have exactly one root element.');
  return resolve(roots[0]!, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

type RawNode = Record<string, unknown>;

function elementName(node: RawNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#comment');
}

function resolve(node: RawNode, scope: ReadonlyMap<string, string>): XmlElement {
  const qname = elementName(node)!;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  const inner = new Map(scope);
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(rawAttrs)) {
    const decoded = decodeEntities(String(value));
    if (key === 'xmlns') inner.set('', decoded);
    else if (key.startsWith('xmlns:')) {
      if (decoded === '') throw new DavError(400, 'A namespace prefix cannot be bound to an empty name.');
      inner.set(key.slice(6), decoded);
    } else attrs[key] = decoded;
  }
  const colon = qname.indexOf(':');
  const prefix = colon >= 0 ? qname.slice(0, colon) : '';
  const name = colon >= 0 ? qname.slice(colon + 1) : qname;
  const ns = inner.get(prefix);
  if (ns === undefined && prefix !== '') throw new DavError(400, `The namespace prefix "${prefix}" is not declared.`);
  const children: XmlNode[] = [];
  for (const child of (node[qname] ?? []) as RawNode[]) {
    if ('#text' in child) children.push(decodeEntities(String(child['#text'])));
    else if (elementName(child) !== undefined && !('#comment' in child)) children.push(resolve(child, inner));
  }
  return { ns: ns ?? '', name, attrs, children };
}

const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return named[ref] ?? whole;
  });
}

export function elements(parent: XmlElement): XmlElement[] {
  return parent.children.filter((c): c is XmlElement => typeof c !== 'string');
}

export function child(parent: XmlElement, ns: string, name: string): XmlElement | undefined {
  return elements(parent).find((e) => e.ns === ns && e.name === name);
}

export function textOf(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Serializes content so it stands alone: every element declares its own namespace. */
export function serializeChildren(element: XmlElement): string {
  return element.children.map((c) => (typeof c === 'string' ? escapeXml(c) : serializeElement(c))).join('');
}

function serializeElement(element: XmlElement): string {
  const attrs = Object.entries(element.attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const open = `${element.name} xmlns="${escapeXml(element.ns)}"${attrs}`;
  const body = serializeChildren(element);
  return body === '' ? `<${open}/>` : `<${open}>${body}</${element.name}>`;
}
