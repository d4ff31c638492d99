import { z } from 'zod';
import { route } from './contract.js';
import { Id, NodeType, Timestamp } from './entities.js';

const IdParams = z.object({ id: Id });
const Access = z.string().max(100).describe('base64url of HKDF(secret, "coffer/v1/link-access")');

export const DeliveryRecipient = z
  .object({
    id: Id,
    email: z.string(),
    state: z.enum(['sending', 'failed', 'sent', 'opened', 'downloaded', 'revoked', 'expired']),
    sentAt: Timestamp.nullable(),
    openedAt: Timestamp.nullable().describe('the first correct code'),
    downloadedAt: Timestamp.nullable().describe('the first completed download'),
    revokedAt: Timestamp.nullable(),
  })
  .meta({ id: 'DeliveryRecipient' });

export const Delivery = z
  .object({
    id: Id,
    nodeId: Id,
    nodeType: NodeType,
    notifyOnDownload: z.boolean(),
    expiresAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
    createdAt: Timestamp,
    recipients: z.array(DeliveryRecipient),
  })
  .meta({ id: 'Delivery' });

/** Secure delivery by email (docs/sharing.md, "Secure delivery"): a link per recipient, opened only with a mailed code. */
export const deliveryRoutes = {
  sendDelivery: route({
    method: 'POST',
    path: '/deliveries',
    summary: 'Send a file or folder to email addresses: each gets its own link, which opens only with a code mailed to that address',
    tag: 'deliveries',
    auth: 'member',
    body: z.object({
      nodeId: Id,
      to: z.array(z.email().max(254)).min(1).max(50).describe('recipient addresses'),
      message: z.string().max(4000).optional().describe('put in the mail as written; not stored'),
      notifyOnDownload: z.boolean().default(false).describe("mail the sender at each recipient's first download"),
      expiresAt: Timestamp.nullable().optional().describe('when the links stop working; 30 days when absent, never when null'),
    }),
    response: Delivery,
    successStatus: 201,
  }),
  listDeliveries: route({
    method: 'GET',
    path: '/deliveries',
    summary: 'Your deliveries, newest first, optionally for one file or folder',
    tag: 'deliveries',
    auth: 'member',
    query: z.object({ nodeId: Id.optional() }),
    response: z.object({ deliveries: z.array(Delivery) }),
    successStatus: 200,
  }),
  getDelivery: route({
    method: 'GET',
    path: '/deliveries/:id',
    summary: 'One delivery with, per recipient, when it was sent, opened and downloaded',
    tag: 'deliveries',
    auth: 'member',
    params: IdParams,
    response: Delivery,
    successStatus: 200,
  }),
  revokeDelivery: route({
    method: 'DELETE',
    path: '/deliveries/:id',
    summary: "Revoke a delivery: every recipient's link stops at once",
    tag: 'deliveries',
    auth: 'member',
    params: IdParams,
    response: 'empty',
    successStatus: 204,
  }),
  revokeDeliveryRecipient: route({
    method: 'DELETE',
    path: '/deliveries/:id/recipients/:recipientId',
    summary: "Revoke one recipient's link",
    tag: 'deliveries',
    auth: 'member',
    params: z.object({ id: Id, recipientId: Id }),
    response: 'empty',
    successStatus: 204,
  }),
  requestDeliveryCode: route({
    method: 'POST',
    path: '/public/links/:id/code',
    summary: "Mail a one-time code to a delivery link's recipient (after proving the link); then open the link with it",
    tag: 'deliveries',
    auth: 'none',
    params: IdParams,
    body: z.object({ access: Access }),
    response: z.object({
      sentTo: z.string().describe('the masked address'),
      sent: z.boolean().describe('false when a code sent less than a minute ago is still valid'),
      resendAfterSeconds: z.number().int(),
      expiresAt: Timestamp,
    }),
    successStatus: 200,
  }),
} as const;
