import { describe, expect, it } from 'vitest';
import { DavError } from './dav-error.js';
import { parseIfHeader, submittedTokens } from './dav-if-header.js';

describe('parseIfHeader', () => {
  it('reads untagged lists with Not, state tokens and entity tags', () => {
    const lists = parseIfHeader('(<urn:uuid:a> ["etag 1"]) (Not <DAV:no-lock>)');
    expect(lists).toEqual([
      {
        resource: undefined,
        conditions: [
          { not: false, token: 'urn:uuid:a' },
          { not: false, etag: '"etag 1"' },
        ],
      },
      { resource: undefined, conditions: [{ not: true, token: 'DAV:no-lock' }] },
    ]);
    expect([...submittedTokens(lists)]).toEqual(['urn:uuid:a', 'DAV:no-lock']);
  });

  it('keeps a resource tag for the lists that follow it', () => {
    const lists = parseIfHeader('<http://h/dav/a> (<urn:uuid:1>) (<urn:uuid:2>) </dav/b> (["x"])');
    expect(lists.map((l) => l.resource)).toEqual(['http://h/dav/a', 'http://h/dav/a', '/dav/b']);
  });

  it.each(['', '(', '()', '(<urn:uuid:a>', 'garbage', '(Not)', '<http://h/x>'])('refuses the malformed header %j with 400', (header) => {
    expect(() => parseIfHeader(header)).toThrow(DavError);
    try {
      parseIfHeader(header);
    } catch (err) {
      expect((err as DavError).status).toBe(400);
    }
  });
});
