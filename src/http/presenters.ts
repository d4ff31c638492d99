import type { NodeDto, UserDto, VersionDto } from '../api/index.js';
import type { UserRow } from '../db/index.js';
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
