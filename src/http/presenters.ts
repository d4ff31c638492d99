import type { FastifyReply } from 'fastify';
import type { AdminEventDto, NodeDto, SessionInfoDto, UserDto, VersionDto } from '../api/index.js';
import type { AdminEventRow, SessionRow, UserRow } from '../db/index.js';
import type { SignedIn } from '../features/auth/index.js';
import { sessionCookie } from './cookies.js';
import type { HttpOptions } from './http-services.js';
import type { NodeView, VersionView } from '../features/files/index.js';

const iso = (ms: number): string => new Date(ms).toISOString();

export function presentUser(user: UserRow): UserDto {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    status: user.status,
    quotaBytes: user.quota_bytes,
    usedBytes: user.used_bytes,
    rootFolderId: user.root_folder_id,
    createdAt: iso(user.created_at),
  };
}

export function presentNode(node: NodeView): NodeDto {
  return {
    id: node.id,
    parentId: node.parentId,
    type: node.type,
    name: node.name,
    size: node.size,
    mimeType: node.mimeType,
    createdAt: iso(node.createdAt),
    modifiedAt: iso(node.modifiedAt),
    versionId: node.versionId,
    versionNumber: node.versionNumber,
    passphraseProtected: node.passphraseProtected,
    trashedAt: node.trashedAt === null ? null : iso(node.trashedAt),
    damaged: node.damaged,
  };
}

export function presentVersion(version: VersionView): VersionDto {
  return {
    id: version.id,
    number: version.number,
    size: version.size,
    createdAt: iso(version.createdAt),
    current: version.current,
    merkleRoot: version.merkleRoot,
  };
}

/**
 * A new session: browser sessions get the HttpOnly cookie and no token in the body. A fresh id every time, so a
 * session id planted before sign-in (fixation) is never reused.
 */
export function presentSignedIn(signedIn: SignedIn, kind: 'browser' | 'token', reply: FastifyReply, options: HttpOptions) {
  if (kind === 'browser') void reply.header('set-cookie', sessionCookie(signedIn.token, options.browserSessionSeconds, options.secureCookies));
  return { user: presentUser(signedIn.user), token: kind === 'token' ? signedIn.token : null, expiresAt: iso(signedIn.expiresAt) };
}

const farFuture = Date.UTC(9000, 0, 1);

export function presentSession(session: SessionRow, currentId: string): SessionInfoDto {
  return {
    id: session.id,
    kind: session.kind,
    scope: session.scope,
    label: session.label,
    createdAt: iso(session.created_at),
    lastUsedAt: iso(session.last_used_at),
    expiresAt: session.expires_at >= farFuture ? null : iso(session.expires_at),
    current: session.id === currentId,
  };
}

export function presentEvent(event: AdminEventRow): AdminEventDto {
  return {
    id: event.id,
    kind: event.kind,
    userId: event.user_id,
    detail: JSON.parse(event.detail) as AdminEventDto['detail'],
    createdAt: iso(event.created_at),
  };
}
