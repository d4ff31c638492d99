import { z } from 'zod';
import { route } from './contract.js';
import { Id, Node, NodeType, Timestamp, User } from './entities.js';

const IdParams = z.object({ id: Id });
const Permission = z.enum(['read', 'write']);
const Bytes = z.string().describe('base64');
const Expiry = Timestamp.nullable().optional().describe('when access ends (ISO 8601); null or absent for never');
const NameField = z.string().max(1024);
const TicketField = z.string().max(200).describe('the ticket returned by openLink');

export const Share = z
  .object({
    id: Id,
    nodeId: Id,
    nodeType: NodeType,
    ownerId: Id,
    sharerId: Id,
    recipientId: Id,
    recipientEmail: z.string(),
    permission: Permission,
    expiresAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Share' });

export const SharedItem = z
  .object({
    shareId: Id,
    node: Node.nullable().describe('null when the grant failed to open (see problem)'),
    nodeType: NodeType,
    permission: Permission,
    expiresAt: Timestamp.nullable(),
    ownerEmail: z.string(),
    sharerEmail: z.string(),
    problem: z.string().nullable(),
  })
  .meta({ id: 'SharedItem' });

export const Link = z
  .object({
    id: Id,
    nodeId: Id,
    nodeType: NodeType,
    hasPassword: z.boolean(),
    expiresAt: Timestamp.nullable(),
    maxDownloads: z.number().int().nullable(),
    downloadCount: z.number().int(),
    allowDownload: z.boolean(),
    revokedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Link' });

export const LinkEntry = z
  .object({ id: Id, parentId: Id.nullable(), type: NodeType, size: z.number().int(), modifiedAt: Timestamp, keyWrapped: Bytes, nameSealed: Bytes })
  .meta({ id: 'LinkEntry' });

export const ShareEventDto = z
  .object({ id: Id, kind: z.string(), actorId: Id.nullable(), subjectId: Id, nodeId: Id, at: Timestamp })
  .meta({ id: 'ShareEvent' });

export const FileRequest = z
  .object({ id: Id, folderId: Id, hasPassword: z.boolean(), expiresAt: Timestamp.nullable(), revokedAt: Timestamp.nullable(), createdAt: Timestamp })
  .meta({ id: 'FileRequest' });

export const GuestInvitation = z
  .object({
    id: Id,
    email: z.string(),
    nodeId: Id.nullable(),
    permission: Permission.nullable(),
    accepted: z.boolean(),
    expiresAt: Timestamp,
    createdAt: Timestamp,
  })
  .meta({ id: 'GuestInvitation' });

export const sharingApi = {
  createShare: route({
    method: 'POST',
    path: '/shares',
    summary: "Share a file or folder with another account: its key is sealed to the recipient's X25519 key and the grant signed",
    tag: 'sharing',
    auth: 'session',
    body: z.object({ nodeId: Id, recipientEmail: z.string().trim().max(254), permission: Permission.default('read'), expiresAt: Expiry }),
    response: Share,
    successStatus: 201,
  }),
  listShares: route({
    method: 'GET',
    path: '/nodes/:id/shares',
    summary: 'Who has access to a file or folder',
    tag: 'sharing',
    auth: 'session',
    params: IdParams,
    response: z.object({ shares: z.array(Share) }),
    successStatus: 200,
  }),
  updateShare: route({
    method: 'PATCH',
    path: '/shares/:id',
    summary: 'Change the permission or expiry of a share you made (the grant is signed again)',
    tag: 'sharing',
    auth: 'session',
    params: IdParams,
    body: z.object({ permission: Permission.optional(), expiresAt: Expiry }),
    response: Share,
    successStatus: 200,
  }),
  revokeShare: route({
    method: 'DELETE',
    path: '/shares/:id',
    summary: 'Revoke a share: access ends at once',
    tag: 'sharing',
    auth: 'session',
    params: IdParams,
    response: 'empty',
    successStatus: 204,
  }),
  shareEvents: route({
    method: 'GET',
    path: '/shares/:id/events',
    summary: 'Access history of a share or a link',
    tag: 'sharing',
    auth: 'session',
    params: IdParams,
    response: z.object({ events: z.array(ShareEventDto) }),
    successStatus: 200,
  }),
  sharedWithMe: route({
    method: 'GET',
    path: '/shared-with-me',
    summary: 'Files and folders others shared with you',
    tag: 'sharing',
    auth: 'session',
    response: z.object({ items: z.array(SharedItem) }),
    successStatus: 200,
  }),
  leaveShare: route({
    method: 'DELETE',
    path: '/shared-with-me/:id',
    summary: 'Leave a share (remove it from your list)',
    tag: 'sharing',
    auth: 'session',
    params: IdParams,
    response: 'empty',
    successStatus: 204,
  }),
  listShared: route({
    method: 'GET',
    path: '/shared-with-me/:id/children',
    summary: 'List a folder inside a share (its root by default)',
    tag: 'sharing',
    auth: 'session',
    params: IdParams,
    query: z.object({ folderId: Id.optional() }),
    response: z.object({ folder: Node, items: z.array(Node) }),
    successStatus: 200,
  }),
  downloadShared: route({
    method: 'GET',
    path: '/shared-with-me/:id/content',
    summary: 'Download a shared file, or a file inside a shared folder (Range supported)',
    tag: 'sharing',
    auth: 'session',
    params: IdParams,
    query: z.object({ fileId: Id.optional(), version: Id.optional(), inline: z.enum(['0', '1']).optional() }),
    response: 'stream',
    successStatus: 200,
  }),
  uploadShared: route({
    method: 'POST',
    path: '/shared-with-me/:id/files',
    summary: 'Upload into a folder shared with you for writing (raw body); the owner receives it',
    tag: 'sharing',
    auth: 'session',
    params: IdParams,
    query: z.object({ parentId: Id.optional(), name: NameField, onConflict: z.enum(['fail', 'version']).default('fail') }),
    body: 'stream',
    response: Node,
    successStatus: 201,
  }),
  uploadSharedVersion: route({
    method: 'POST',
    path: '/shared-with-me/:id/versions',
    summary: 'Upload a new version of a file shared with you for writing (raw body)',
    tag: 'sharing',
    auth: 'session',
    params: IdParams,
    query: z.object({ fileId: Id.optional() }),
    body: 'stream',
    response: Node,
    successStatus: 201,
  }),

  createLink: route({
    method: 'POST',
    path: '/links',
    summary: 'Create a public link; the secret is returned once and belongs in the URL fragment only',
    tag: 'links',
    auth: 'session',
    body: z.object({
      nodeId: Id,
      password: z.string().min(1).max(1024).optional(),
      expiresAt: Expiry,
      maxDownloads: z.number().int().min(1).max(1_000_000).nullable().optional(),
      allowDownload: z.boolean().default(true),
    }),
    response: z.object({ link: Link, secret: z.string().describe('base64url, 32 bytes; shown once'), path: z.string().describe('/s/<id>#<secret>') }),
    successStatus: 201,
  }),
  listLinks: route({
    method: 'GET',
    path: '/links',
    summary: 'Your links, optionally for one file or folder',
    tag: 'links',
    auth: 'session',
    query: z.object({ nodeId: Id.optional() }),
    response: z.object({ links: z.array(Link) }),
    successStatus: 200,
  }),
  revokeLink: route({
    method: 'DELETE',
    path: '/links/:id',
    summary: 'Revoke a link: its wrapped key is destroyed',
    tag: 'links',
    auth: 'session',
    params: IdParams,
    response: 'empty',
    successStatus: 204,
  }),

  openLink: route({
    method: 'POST',
    path: '/public/links/:id/open',
    summary: 'Prove a link (a value derived from its secret, and its password if any); returns the wrapped key and a ticket',
    tag: 'links',
    auth: 'none',
    params: IdParams,
    body: z.object({
      access: z.string().max(100).describe('base64url of HKDF(secret, "coffer/v1/link-access")'),
      password: z.string().max(1024).optional(),
      code: z
        .string()
        .regex(/^\d{6}$/)
        .optional()
        .describe('for a delivery link: the code mailed to the recipient (requestDeliveryCode)'),
    }),
    response: z.object({ ticket: z.string(), root: LinkEntry, allowDownload: z.boolean(), expiresAt: Timestamp.nullable() }),
    successStatus: 200,
  }),
  linkChildren: route({
    method: 'POST',
    path: '/public/links/:id/children',
    summary: 'A folder inside a folder link: sealed names and wrapped keys for the browser to open',
    tag: 'links',
    auth: 'none',
    params: IdParams,
    body: z.object({ ticket: TicketField, folderId: Id.optional() }),
    response: z.object({ items: z.array(LinkEntry) }),
    successStatus: 200,
  }),
  linkManifest: route({
    method: 'POST',
    path: '/public/links/:id/manifest',
    summary: "Start downloading a file of a link (counts against its limit): the version's header and object sizes",
    tag: 'links',
    auth: 'none',
    params: IdParams,
    body: z.object({ ticket: TicketField, fileId: Id.optional() }),
    response: z.object({
      ticket: z.string(),
      fileId: Id,
      versionId: Id,
      size: z.number().int(),
      salt: Bytes,
      commitment: Bytes,
      objectSizes: z.array(z.number().int()),
    }),
    successStatus: 200,
  }),
  linkObject: route({
    method: 'GET',
    path: '/public/links/:id/objects/:index',
    summary: 'One stored object (ciphertext) of the file a download ticket was issued for; ticket in the X-Coffer-Link-Ticket header',
    tag: 'links',
    auth: 'none',
    params: z.object({ id: Id, index: z.coerce.number().int().min(0).max(10_000_000) }),
    response: 'stream',
    successStatus: 200,
  }),

  createRequest: route({
    method: 'POST',
    path: '/requests',
    summary: 'Create a file request: an upload-only link into a folder; the token is returned once',
    tag: 'requests',
    auth: 'session',
    body: z.object({ folderId: Id, password: z.string().min(1).max(1024).optional(), expiresAt: Expiry }),
    response: z.object({ request: FileRequest, token: z.string().describe('base64url, 32 bytes; shown once'), path: z.string() }),
    successStatus: 201,
  }),
  listRequests: route({
    method: 'GET',
    path: '/requests',
    summary: 'Your file requests',
    tag: 'requests',
    auth: 'session',
    response: z.object({ requests: z.array(FileRequest) }),
    successStatus: 200,
  }),
  revokeRequest: route({
    method: 'DELETE',
    path: '/requests/:id',
    summary: 'Revoke a file request',
    tag: 'requests',
    auth: 'session',
    params: IdParams,
    response: 'empty',
    successStatus: 204,
  }),
  adoptDrops: route({
    method: 'POST',
    path: '/requests/adopt',
    summary: 'Adopt files dropped through your file requests: their keys, sealed to you, are wrapped under their folder',
    tag: 'requests',
    auth: 'session',
    body: z.object({}).optional(),
    response: z.object({ adopted: z.number().int() }),
    successStatus: 200,
  }),
  dropFile: route({
    method: 'POST',
    path: '/public/requests/:id/files',
    summary: 'Drop a file through a file request (raw body); token in X-Coffer-Request-Token, password (base64) in X-Coffer-Request-Password',
    tag: 'requests',
    auth: 'none',
    params: IdParams,
    query: z.object({ name: NameField }),
    body: 'stream',
    response: z.object({ id: Id, size: z.number().int() }),
    successStatus: 201,
  }),

  inviteGuest: route({
    method: 'POST',
    path: '/guests/invitations',
    summary: 'Invite someone without an account to create a guest account (optionally to receive a share); the token is returned once',
    tag: 'guests',
    auth: 'session',
    body: z.object({ email: z.string().trim().max(254), nodeId: Id.optional(), permission: Permission.optional() }),
    response: z.object({ invitation: GuestInvitation, token: z.string().describe('base64url; give it to the guest with the invitation id') }),
    successStatus: 201,
  }),
  listGuestInvitations: route({
    method: 'GET',
    path: '/guests/invitations',
    summary: 'Your pending guest invitations',
    tag: 'guests',
    auth: 'session',
    response: z.object({ invitations: z.array(GuestInvitation) }),
    successStatus: 200,
  }),
  completeGuestInvitations: route({
    method: 'POST',
    path: '/guests/invitations/complete',
    summary: "Share what accepted invitations promised, sealed to the new guests' keys",
    tag: 'guests',
    auth: 'session',
    body: z.object({}).optional(),
    response: z.object({ shared: z.number().int() }),
    successStatus: 200,
  }),
  acceptGuestInvitation: route({
    method: 'POST',
    path: '/public/guest-invitations/:id/accept',
    summary: 'Create a guest account with an invitation',
    tag: 'guests',
    auth: 'none',
    params: IdParams,
    body: z.object({ token: z.string().max(100), password: z.string().min(1).max(1024) }),
    response: z.object({ user: User, recoveryKey: z.string() }),
    successStatus: 201,
  }),
} as const;
