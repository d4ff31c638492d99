import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-error.js';
import { childPath, formatRemotePath, parseRemotePath, splitParent } from './remote-path.js';

describe('remote paths', () => {
  it.each([
    ['/Documents/a.txt', ['Documents', 'a.txt'], false],
    ['Documents/a.txt', ['Documents', 'a.txt'], false],
    ['//Documents//./a.txt', ['Documents', 'a.txt'], false],
    ['/Documents/', ['Documents'], true],
    ['/', [], false],
    ['', [], false],
    ['/with space/é.txt', ['with space', 'é.txt'], false],
  ])('parses %j', (input, segments, trailingSlash) => {
    expect(parseRemotePath(input)).toEqual({ segments, trailingSlash });
  });

  it('refuses ".." segments', () => {
    expect(() => parseRemotePath('/a/../b')).toThrow(UsageError);
  });

  it('formats from the root', () => {
    expect(formatRemotePath([])).toBe('/');
    expect(formatRemotePath(['a', 'b'])).toBe('/a/b');
    expect(childPath(['a'], 'b.txt')).toBe('/a/b.txt');
  });

  it('splits into parent and name', () => {
    expect(splitParent(parseRemotePath('/a/b/c.txt'))).toEqual({ parent: { segments: ['a', 'b'], trailingSlash: false }, name: 'c.txt' });
    expect(splitParent(parseRemotePath('top'))).toEqual({ parent: { segments: [], trailingSlash: false }, name: 'top' });
    expect(() => splitParent(parseRemotePath('/'))).toThrow(UsageError);
  });
});
