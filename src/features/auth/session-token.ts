import { isId } from '../../domain/index.js';

/**
 * A session token is `cf1.<session id>.<secret>`: the id finds the row, the 32-byte secret (base64url)
 * proves possession and unwraps the master key. The server keeps only a verifier of the secret.
 */
export interface ParsedToken {
  readonly sessionId: string;
  readonly secret: Buffer;
}

/** `cf1` marks a session token, `cfc1` a sign-in challenge: a challenge can never pass as a session. */
export type TokenPrefix = 'cf1' | 'cfc1';

export function formatToken(sessionId: string, secret: Buffer, prefix: TokenPrefix = 'cf1'): string {
  return `${prefix}.${sessionId}.${secret.toString('base64url')}`;
}

export function parseToken(token: string, prefix: TokenPrefix = 'cf1'): ParsedToken | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== prefix) return undefined;
  const [, sessionId, encoded] = parts as [string, string, string];
  if (!isId(sessionId) || !/^[A-Za-z0-9_-]{43}$/.test(encoded)) return undefined;
  return { sessionId, secret: Buffer.from(encoded, 'base64url') };
}
