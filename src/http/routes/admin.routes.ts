import type { FastifyInstance } from 'fastify';
import { api } from '../../api/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { presentEvent } from '../presenters.js';

/** The admin console's routes beyond the user list (users.routes.ts). */
export function registerAdminRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions, admin } = services;

  defineRoute(app, sessions, api.deleteUser, async ({ auth, params }) => {
    await admin.deleteUser(auth.userId, params.id);
  });

  defineRoute(app, sessions, api.inviteUser, async ({ auth, body }) => {
    const invitation = await admin.invite(auth.userId, body.email, body.role);
    return { id: invitation.id, expiresAt: new Date(invitation.expiresAt).toISOString() };
  });

  defineRoute(app, sessions, api.resetUserFactors, async ({ params }) => {
    await admin.resetFactors(params.id);
  });

  defineRoute(app, sessions, api.resetUserPassword, async ({ auth, params, body }) => ({
    recoveryKey: await admin.resetPassword(auth.userId, params.id, body.newPassword, body.confirmDataLoss),
  }));

  defineRoute(app, sessions, api.serverHealth, async () => admin.health());

  defineRoute(app, sessions, api.adminEvents, async ({ query }) => ({
    events: (await services.securityEvents.list(query.limit, query.kind)).map(presentEvent),
  }));
}
