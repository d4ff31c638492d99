import { DavError } from './dav-error.js';

export interface IfCondition {
  readonly not: boolean;
  readonly token?: string;
  readonly etag?: string;
}

export interface IfList {
  /** The tagged resource (an absolute URI or path); undefined applies to the request target. */
  readonly resource: string | undefined;
  readonly conditions: readonly IfCondition[];
}

/** Parses the If header of RFC 4918 §10.4 (tagged and untagged lists, Not, state tokens, entity tags). */
export function parseIfHeader(header: string): IfList[] {
  const lists: IfList[] = [];
  let i = 0;
  let resource: string | undefined;
  const fail = (): never => {
    throw new DavError(400, 'The If header is malformed.');
  };
  const skipSpace = (): void => {
    while (i < header.length && /\s/.test(header[i]!)) i++;
  };
  const until = (end: string): string => {
    const stop = header.indexOf(end, i);
    if (stop < 0) fail();
    const value = header.slice(i, stop);
    i = stop + 1;
    return value;
  };
  skipSpace();
  while (i < header.length) {
    if (header[i] === '<') {
      i++;
      resource = until('>');
    } else if (header[i] === '(') {
      i++;
      const conditions: IfCondition[] = [];
      for (;;) {
        skipSpace();
        if (header[i] === ')') {
          i++;
          break;
        }
        let not = false;
        if (/^not\b/i.test(header.slice(i, i + 4))) {
          not = true;
          i += 3;
          skipSpace();
        }
        if (header[i] === '<') {
          i++;
          conditions.push({ not, token: until('>') });
        } else if (header[i] === '[') {
          i++;
          conditions.push({ not, etag: until(']') });
        } else fail();
      }
      if (conditions.length === 0) fail();
      lists.push({ resource, conditions });
    } else fail();
    skipSpace();
  }
  if (lists.length === 0) fail();
  return lists;
}

export function submittedTokens(lists: readonly IfList[]): Set<string> {
  return new Set(lists.flatMap((l) => l.conditions.flatMap((c) => (c.token !== undefined ? [c.token] : []))));
}
