import { z } from 'zod';
import { idPattern } from '../domain/index.js';

/** Wire shapes of the things the API returns. Times are ISO 8601 strings in UTC. */
export const Id = z.string().regex(idPattern, 'must be a Coffer id (26 characters of lowercase base32)');
export const Timestamp = z.string().describe('ISO 8601 time in UTC');

export const Role = z.enum(['admin', 'user', 'guest', 'auditor']);

export const User = z
  .object({
    id: Id,
    email: z.string(),
    role: Role,
    status: z.enum(['active', 'disabled']),
    quotaBytes: z.number().int().describe('0 means unlimited'),
    usedBytes: z.number().int(),
    rootFolderId: Id,
    createdAt: Timestamp,
  })
  .meta({ id: 'User' });

export const NodeType = z.enum(['file', 'folder']);

export const Node = z
  .object({
    id: Id,
    parentId: Id.nullable(),
    type: NodeType,
    name: z.string().describe('The decrypted name; for a damaged entry a placeholder'),
    size: z.number().int(),
    mimeType: z.string().nullable(),
    createdAt: Timestamp,
    modifiedAt: Timestamp,
    versionId: Id.nullable(),
    versionNumber: z.number().int().nullable(),
    passphraseProtected: z.boolean(),
    trashedAt: Timestamp.nullable(),
    damaged: z.boolean().describe('true when the stored name failed its integrity check'),
  })
  .meta({ id: 'Node' });

export const Version = z
  .object({
    id: Id,
    number: z.number().int(),
    size: z.number().int(),
    createdAt: Timestamp,
    current: z.boolean(),
    merkleRoot: z.string().describe("hex RFC 6962 root over the version's storage objects"),
  })
  .meta({ id: 'Version' });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().describe('stable machine-readable code, e.g. node.name_taken'),
      message: z.string().describe('a sentence for people'),
      correlationId: z.string().optional(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export type UserDto = z.infer<typeof User>;
export type NodeDto = z.infer<typeof Node>;
export type VersionDto = z.infer<typeof Version>;
export type ErrorBodyDto = z.infer<typeof ErrorBody>;
