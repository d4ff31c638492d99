import { describe, expect, it } from 'vitest';
import { CofferError } from './errors.js';
import { normalizeName } from './names.js';

function rejection(name: string): string {
  try {
    normalizeName(name);
  } catch (err) {
    expect(err).toBeInstanceOf(CofferError);
    expect((err as CofferError).code).toBe('node.name_invalid');
    return (err as CofferError).message;
  }
  throw new Error(`"${name}" was accepted`);
}

describe('normalizeName', () => {
  it('returns names in NFC, so two spellings of é are one name', () => {
    expect(normalizeName('e\u0301te.txt')).toBe('\u00e9te.txt');
    expect(normalizeName('\u00e9te.txt')).toBe(normalizeName('e\u0301te.txt'));
  });

  it.each([
    ['', 'empty'],
    ['.', 'reserved'],
    ['..', 'reserved'],
    ['a/b', '"/"'],
    ['a\\b', '"\\"'],
    ['a\u0000b', 'control character'],
    ['a\nb', 'control character'],
    [' lead', 'space'],
    ['trail ', 'space'],
    ['x\ud800y', 'surrogate'],
  ])('rejects %j, saying why', (name, why) => {
    expect(rejection(name)).toContain(why);
  });

  it('counts the limit in UTF-8 bytes, not characters', () => {
    expect(normalizeName('a'.repeat(255))).toHaveLength(255);
    expect(rejection('a'.repeat(256))).toContain('255 bytes');
    const euro = '\u20ac'; // 3 bytes in UTF-8
    expect(normalizeName(euro.repeat(85))).toHaveLength(85);
    expect(rejection(euro.repeat(86))).toContain('255 bytes');
  });

  it('keeps ordinary punctuation and emoji', () => {
    expect(normalizeName('Report (final) v2 – 100% 😀.pdf')).toBe('Report (final) v2 – 100% 😀.pdf');
  });
});
