/**
 * Small byte helpers shared inside src/crypto (not exported from index.ts).
 */

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * UTF-8 bytes of a string that is bound into a MAC or AAD. Lone surrogates are rejected: Buffer.from would silently
 * replace them with U+FFFD, so two different strings could map to the same bytes.
 */
export function utf8(value: string, what: string): Buffer {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string`);
  if (loneSurrogate.test(value)) throw new TypeError(`${what} contains an unpaired surrogate`);
  return Buffer.from(value, 'utf8');
}

/** `u16-BE length || bytes`: the field encoding used in every Coffer AAD. */
export function lengthPrefixed16(field: Uint8Array, what: string): Buffer {
  if (field.length > 0xffff) throw new RangeError(`${what} is longer than 65535 bytes`);
  const out = Buffer.allocUnsafe(2 + field.length);
  out.writeUInt16BE(field.length, 0);
  out.set(field, 2);
  return out;
}

const labelPattern = /^coffer\/v1\/[\x21-\x7e]+$/;

/** Labels are ASCII strings that start with `coffer/v1/` (docs/format.md). */
export function labelBytes(label: string): Buffer {
  if (typeof label !== 'string' || !labelPattern.test(label)) {
    throw new TypeError('a crypto label must be a printable ASCII string starting with "coffer/v1/"');
  }
  return Buffer.from(label, 'latin1');
}

export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

export function requireBytes(value: unknown, what: string): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
}

export function requireLength(value: Uint8Array, length: number, what: string): void {
  requireBytes(value, what);
  if (value.length !== length) throw new RangeError(`${what} must be ${length} bytes`);
}
