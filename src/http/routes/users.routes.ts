import type { FastifyInstance } from 'fastify';
import { api } from '../../api/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';
import { presentUser } from '../presenters.js';

export function registerUserRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions, users } = services;

  defineRoute(app, sessions, api.listUsers, async () => ({ users: (await users.list()).map(presentUser) }));

  defineRoute(app, sessions, api.createUser, async ({ auth, body }) => {
    const { user, recoveryKey } = await users.create(body.email, body.password, body.role, body.quotaBytes, auth.userId);
    return { user: presentUser(user), recoveryKey };
  });

  defineRoute(app, sessions, api.updateUser, async ({ auth, params, body }) => presentUser(await users.update(auth.userId, params.id, body)));
}
