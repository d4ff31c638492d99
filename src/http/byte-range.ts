import { CofferError } from '../domain/index.js';

export interface ResolvedRange {
  readonly start: number;
  readonly end: number;
  readonly partial: boolean;
}

/**
 * Interprets a Range header (RFC 9110 §14) against a representation of `size` bytes. Only a single
 * byte range is honoured; a header we do not understand, or several ranges, yields the whole body,
 * which the RFC permits. An unsatisfiable range is `range.not_satisfiable` (416).
 */
export function resolveRange(header: string | undefined, size: number): ResolvedRange {
  const whole = { start: 0, end: size - 1, partial: false };
  if (!header) return whole;
  const match = /^bytes=\s*(\d*)\s*-\s*(\d*)\s*$/.exec(header.trim());
  if (!match) return whole;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return whole;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) throw new CofferError('range.not_satisfiable');
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
    if (last !== '' && Number(last) < start) return whole;
  }
  if (!Number.isSafeInteger(start) || start >= size || end < start) throw new CofferError('range.not_satisfiable');
  return { start, end, partial: true };
}

/** RFC 6266 / RFC 8187: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
