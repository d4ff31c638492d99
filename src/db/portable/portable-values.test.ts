import { describe, expect, it } from 'vitest';
import { decodeExport, encodeExport } from './database-export.js';
import { fromPortable, toPortable } from './portable-values.js';

describe('portable values', () => {
  it('round-trips null, text, safe and large integers and binary', () => {
    for (const value of [null, '', 'héllo', 0, -5, 2 ** 53 - 1, 2n ** 60n, Buffer.from([0, 1, 255])]) {
      const back = fromPortable(JSON.parse(JSON.stringify(toPortable(value))));
      expect(back).toEqual(value);
    }
    expect(toPortable(2n ** 60n)).toEqual({ int: '1152921504606846976' });
    expect(toPortable(Buffer.from('hi'))).toEqual({ b64: 'aGk=' });
    expect(() => toPortable(1.5)).toThrow(/non-integer/);
    expect(() => fromPortable({ int: '12x' } as never)).toThrow();
  });

  it('encodes an export as JSON Lines and refuses a truncated or miscounted one', () => {
    const data = {
      migrations: ['001-initial'],
      sourceDialect: 'sqlite' as const,
      takenAt: 1,
      tables: [
        {
          name: 't',
          columns: ['a', 'b'],
          rows: [
            [1, { b64: 'AA==' }],
            [2, null],
          ],
        },
      ],
    };
    const bytes = encodeExport(data);
    expect(decodeExport(bytes)).toEqual(data);
    const lines = bytes.toString().trimEnd().split('\n');
    expect(() => decodeExport(Buffer.from(lines.slice(0, -1).join('\n')))).toThrow(/truncated/);
    expect(() => decodeExport(Buffer.from([...lines.slice(0, 2), ...lines.slice(3)].join('\n')))).toThrow(/number of rows/);
  });
});
