import type { FastifyRequest } from 'fastify';
import { CofferError } from '../domain/index.js';
import type { AuthContext, SessionsService } from '../features/auth/index.js';
import { readCookie, sessionCookieName } from './cookies.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
export const csrfHeader = 'x-coffer-request';

/**
 * Finds the caller's token (Authorization: Bearer, else the session cookie) and opens the session.
 * Cookie-authenticated writes must carry the X-Coffer-Request header: a cross-site page cannot set a
 * custom header without a CORS preflight, which this server never approves (defence in depth on top
 * of SameSite=Strict).
 */
export async function authenticate(request: FastifyRequest, sessions: SessionsService): Promise<AuthContext | undefined> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new CofferError('auth.session_invalid', 'The Authorization header must be "Bearer <token>".');
    return sessions.authenticate(match[1], request.ip);
  }
  const cookie = readCookie(request.headers.cookie, sessionCookieName);
  if (!cookie) return undefined;
  if (!safeMethods.has(request.method) && request.headers[csrfHeader] !== '1') {
    throw new CofferError('auth.forbidden', 'This request must carry the X-Coffer-Request: 1 header.');
  }
  return sessions.authenticate(cookie, request.ip);
}

/** The token a request authenticated with, for sign-out. */
export function presentedToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] ?? readCookie(request.headers.cookie, sessionCookieName);
}
