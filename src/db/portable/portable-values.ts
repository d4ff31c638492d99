/**
 * One column value in a dialect-neutral export: JSON null, string and safe integers as they are;
 * binary as `{"b64": "…"}`; an integer beyond 2^53 (or a bigint) as `{"int": "decimal"}`.
 * Both dialects read these back into the same column types, so an export moves between SQLite and PostgreSQL.
 */
export type PortableValue = null | string | number | boolean | { readonly b64: string } | { readonly int: string };

export function toPortable(value: unknown): PortableValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    if (Number.isInteger(value)) return { int: BigInt(value).toString() };
    throw new TypeError('A database value is a non-integer number, which the portable export does not carry');
  }
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : { int: value.toString() };
  if (value instanceof Uint8Array) return { b64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  throw new TypeError(`A database value of type ${typeof value} has no portable form`);
}

export function fromPortable(value: PortableValue): unknown {
  if (value === null || typeof value !== 'object') return value;
  if ('b64' in value && typeof value.b64 === 'string') return Buffer.from(value.b64, 'base64');
  if ('int' in value && typeof value.int === 'string' && /^-?\d+$/.test(value.int)) {
    const big = BigInt(value.int);
    return Number.isSafeInteger(Number(big)) ? Number(big) : big;
  }
  throw new TypeError('An exported value is neither null, a string, a number, {b64} nor {int}');
}
