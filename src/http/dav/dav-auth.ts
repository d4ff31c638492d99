import type { FastifyRequest } from 'fastify';
import { CofferError } from '../../domain/index.js';
import { refuseWhileBlocked, type AttemptCounter, type AuthContext, type SessionsService } from '../../features/auth/index.js';
import { readCookie, sessionCookieName } from '../cookies.js';
import { DavError } from './dav-error.js';

export const davRealm = 'Basic realm="Coffer", charset="UTF-8"';

/**
 * WebDAV clients speak HTTP Basic: the user name is the account email and the password a Coffer token
 * (an API token from sign-in with kind "token"; app passwords will be the same kind of token). A browser
 * that is already signed in may use its session cookie. Failed Basic attempts are rate-limited per
 * client address, and the Authorization header is never logged (request logging omits headers).
 */
export async function authenticateDav(request: FastifyRequest, sessions: SessionsService, limiter: AttemptCounter): Promise<AuthContext> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!match?.[1]) return unauthorized('Use HTTP Basic: your email and an app password (a Coffer token).');
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const email = colon >= 0 ? decoded.slice(0, colon) : '';
    const token = colon >= 0 ? decoded.slice(colon + 1) : '';
    const key = `dav:${request.ip}`;
    await refuseWhileBlocked(limiter, key);
    let auth: AuthContext;
    try {
      auth = await sessions.authenticate(token);
    } catch (err) {
      if (!(err instanceof CofferError) || err.code !== 'auth.session_invalid') throw err;
      await limiter.fail(key);
      return unauthorized('The email or app password is wrong.');
    }
    if (auth.email.toLowerCase() !== email.trim().toLowerCase()) {
      await limiter.fail(key);
      return unauthorized('The email or app password is wrong.');
    }
    await limiter.succeed(key);
    return requireDrive(auth);
  }
  const cookie = readCookie(request.headers.cookie, sessionCookieName);
  if (cookie) {
    try {
      return requireDrive(await sessions.authenticate(cookie));
    } catch (err) {
      if (!(err instanceof CofferError) || err.code !== 'auth.session_invalid') throw err;
    }
  }
  return unauthorized('Sign in with your email and an app password.');
}

/**
 * WebDAV is the account's own drive: an app password scoped to the REST API (or read-only) does not open it, and
 * guests and auditors have no drive of their own.
 */
function requireDrive(auth: AuthContext): AuthContext {
  if (auth.scope !== 'dav' && auth.scope !== 'full') throw new DavError(403, 'This app password is not for WebDAV: create one with the "dav" scope.');
  if (auth.role !== 'user' && auth.role !== 'admin') throw new DavError(403, 'This account has no drive of its own to mount.');
  return auth;
}

function unauthorized(message: string): never {
  throw new DavError(401, message);
}
