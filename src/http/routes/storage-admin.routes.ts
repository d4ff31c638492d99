import type { FastifyInstance } from 'fastify';
import { api } from '../../api/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpServices } from '../http-services.js';

export function registerStorageAdminRoutes(app: FastifyInstance, services: HttpServices): void {
  const { sessions, storageAdmin } = services;
  defineRoute(app, sessions, api.startScrub, async () => storageAdmin.startScrub());
  defineRoute(app, sessions, api.storageHealth, async () => storageAdmin.health());
}
