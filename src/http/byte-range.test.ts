import { describe, expect, it } from 'vitest';
import { CofferError } from '../domain/index.js';
import { contentDisposition, resolveRange } from './byte-range.js';

describe('resolveRange', () => {
  it('gives the whole body without a header or for one it does not understand', () => {
    expect(resolveRange(undefined, 100)).toEqual({ start: 0, end: 99, partial: false });
    expect(resolveRange('items=0-5', 100)).toEqual({ start: 0, end: 99, partial: false });
    expect(resolveRange('bytes=0-1,5-6', 100)).toEqual({ start: 0, end: 99, partial: false });
  });

  it('honours first-last, first- and -suffix forms', () => {
    expect(resolveRange('bytes=10-19', 100)).toEqual({ start: 10, end: 19, partial: true });
    expect(resolveRange('bytes=90-', 100)).toEqual({ start: 90, end: 99, partial: true });
    expect(resolveRange('bytes=-5', 100)).toEqual({ start: 95, end: 99, partial: true });
    expect(resolveRange('bytes=-500', 100)).toEqual({ start: 0, end: 99, partial: true });
    expect(resolveRange('bytes=95-500', 100)).toEqual({ start: 95, end: 99, partial: true });
  });

  it('refuses ranges that start past the end, and empty suffixes', () => {
    for (const header of ['bytes=100-', 'bytes=100-200', 'bytes=-0']) {
      expect(() => resolveRange(header, 100)).toThrowError(CofferError);
    }
    expect(() => resolveRange('bytes=0-0', 0)).toThrowError(/outside the file/);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 8187)', () => {
    expect(contentDisposition('attachment', 'rapport é "x".pdf')).toBe(
      `attachment; filename="rapport _ _x_.pdf"; filename*=UTF-8''rapport%20%C3%A9%20%22x%22.pdf`,
    );
    expect(contentDisposition('inline', "it's (1).png")).toBe(`inline; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`);
  });
});
