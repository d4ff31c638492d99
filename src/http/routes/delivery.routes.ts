import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { api, type Delivery } from '../../api/index.js';
import type { DeliveryView } from '../../features/sharing/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { checkedExpiry } from './sharing.routes.js';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));

function presentDelivery(d: DeliveryView): z.infer<typeof Delivery> {
  return {
    ...d,
    expiresAt: isoOrNull(d.expiresAt),
    revokedAt: isoOrNull(d.revokedAt),
    createdAt: iso(d.createdAt),
    recipients: d.recipients.map((r) => ({
      ...r,
      sentAt: isoOrNull(r.sentAt),
      openedAt: isoOrNull(r.openedAt),
      downloadedAt: isoOrNull(r.downloadedAt),
      revokedAt: isoOrNull(r.revokedAt),
    })),
  };
}

/** Secure delivery by email: the sender's routes, and the public code request of a delivery link. */
export function registerDeliveryRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions, deliveries, linkAccess } = services;

  defineRoute(app, sessions, api.sendDelivery, async ({ auth, body }) =>
    presentDelivery(await deliveries.send(auth, { ...body, expiresAt: checkedExpiry(body.expiresAt) })),
  );
  defineRoute(app, sessions, api.listDeliveries, async ({ auth, query }) => ({
    deliveries: (await deliveries.list(auth, query.nodeId)).map(presentDelivery),
  }));
  defineRoute(app, sessions, api.getDelivery, async ({ auth, params }) => presentDelivery(await deliveries.get(auth, params.id)));
  defineRoute(app, sessions, api.revokeDelivery, async ({ auth, params }) => {
    await deliveries.revoke(auth, params.id);
  });
  defineRoute(app, sessions, api.revokeDeliveryRecipient, async ({ auth, params }) => {
    await deliveries.revokeRecipient(auth, params.id, params.recipientId);
  });
  defineRoute(app, sessions, api.requestDeliveryCode, async ({ params, body, request }) => {
    const sent = await linkAccess.requestCode(params.id, Buffer.from(body.access, 'base64url'), request.ip);
    return { ...sent, expiresAt: iso(sent.expiresAt) };
  });
}
