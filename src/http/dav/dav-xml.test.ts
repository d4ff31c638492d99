import { describe, expect, it } from 'vitest';
import { DavError } from './dav-error.js';
import { parseXml, serializeChildren, textOf } from './dav-xml.js';

describe('parseXml', () => {
  it('resolves prefixes, default namespaces and the empty namespace', () => {
    const root = parseXml('<D:a xmlns:D="DAV:"><b xmlns="urn:b"><c xmlns="">t</c></b><D:d/></D:a>');
    expect(root).toMatchObject({ ns: 'DAV:', name: 'a' });
    const [b, d] = root.children as [any, any];
    expect([b.ns, b.name, b.children[0].ns, d.ns]).toEqual(['urn:b', 'b', '', 'DAV:']);
  });

  it('decodes the predefined entities and character references, and serializes back self-contained', () => {
    const root = parseXml('<x xmlns="urn:x">a &amp; b &lt;c&gt; &#x10000; &#65;<y:z xmlns:y="urn:y" k="&quot;v&quot;">w</y:z></x>');
    expect(textOf(root)).toBe('a & b <c> \u{10000} Aw');
    expect(serializeChildren(root)).toBe('a &amp; b &lt;c&gt; \u{10000} A<z xmlns="urn:y" k="&quot;v&quot;">w</z>');
  });

  it.each([
    ['a DOCTYPE with an external entity', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
    ['entity expansion', '<!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;">]><a>&l2;</a>'],
    ['a bare DOCTYPE', '<!doctype a><a/>'],
    ['malformed XML', '<a><b></a>'],
    ['an undeclared prefix', '<x:a/>'],
    ['two roots', '<a/><b/>'],
  ])('refuses %s with 400', (_what, text) => {
    let caught: unknown;
    try {
      parseXml(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DavError);
    expect((caught as DavError).status).toBe(400);
  });
});
