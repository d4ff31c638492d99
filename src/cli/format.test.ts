import { describe, expect, it } from 'vitest';
import { UsageError } from './cli-error.js';
import { formatBytes, formatTable, parseBytes, plural } from './format.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [10 * 1024 * 1024, '10 MiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
  ])('%i → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

describe('parseBytes', () => {
  it.each([
    ['1234', 1234],
    ['10GiB', 10 * 1024 ** 3],
    ['10G', 10 * 1024 ** 3],
    ['2GB', 2_000_000_000],
    ['1.5 MiB', 1.5 * 1024 ** 2],
    ['0', 0],
  ])('%s → %i', (text, bytes) => expect(parseBytes(text)).toBe(bytes));

  it('refuses what is not a size', () => {
    expect(() => parseBytes('lots')).toThrow(UsageError);
    expect(() => parseBytes('10 parsecs')).toThrow(UsageError);
    expect(() => parseBytes('-5')).toThrow(UsageError);
  });
});

describe('formatTable', () => {
  it('aligns columns, numbers to the right, without trailing spaces', () => {
    expect(
      formatTable(
        ['NAME', 'SIZE', 'NOTE'],
        [
          ['a.txt', '4 B', ''],
          ['longer-name', '10 KiB', 'x'],
        ],
        [false, true, false],
      ),
    ).toEqual(['NAME           SIZE  NOTE', 'a.txt           4 B', 'longer-name  10 KiB  x']);
  });
});

describe('plural', () => {
  it('counts', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(2, 'file')).toBe('2 files');
  });
});
