import { z } from 'zod';
import { route } from './contract.js';
import { Id, Role, Timestamp } from './entities.js';
import { AdminEvent, ServerHealth } from './security-entities.js';

const IdParams = z.object({ id: Id });

/** The admin console's API (issue 4). Nothing here returns a file name or content. */
export const adminRoutes = {
  deleteUser: route({
    method: 'DELETE',
    path: '/users/:id',
    summary: 'Delete an account and all its files (admin)',
    tag: 'users',
    auth: 'admin',
    params: IdParams,
    response: 'empty',
    successStatus: 204,
  }),
  inviteUser: route({
    method: 'POST',
    path: '/users/invitations',
    summary: 'Invite someone by email: they get a link to choose their password (admin)',
    tag: 'users',
    auth: 'admin',
    body: z.object({ email: z.string().trim().max(254), role: Role.default('user') }),
    response: z.object({ id: Id, expiresAt: Timestamp }),
    successStatus: 201,
  }),
  resetUserFactors: route({
    method: 'POST',
    path: '/users/:id/reset-factors',
    summary: 'Remove all second factors and recovery codes of an account (admin)',
    tag: 'users',
    auth: 'admin',
    params: IdParams,
    body: z.object({}).optional(),
    response: 'empty',
    successStatus: 204,
  }),
  resetUserPassword: route({
    method: 'POST',
    path: '/users/:id/reset-password',
    summary: 'Set a new password without the recovery key: the files stored so far become unreadable and are removed (admin)',
    tag: 'users',
    auth: 'admin',
    params: IdParams,
    body: z.object({
      newPassword: z.string().min(1).max(1024),
      confirmDataLoss: z.boolean().default(false).describe('must be true: the old files can never be read again'),
    }),
    response: z.object({ recoveryKey: z.string().describe('the new recovery key, to hand to the person') }),
    successStatus: 200,
  }),
  serverHealth: route({
    method: 'GET',
    path: '/admin/health',
    summary: 'Accounts, storage used and whether the database and storage answer (admin)',
    tag: 'admin',
    auth: 'admin',
    response: ServerHealth,
    successStatus: 200,
  }),
  adminEvents: route({
    method: 'GET',
    path: '/admin/events',
    summary: 'Security events: alerts, new devices, account changes; never file names or contents (admin)',
    tag: 'admin',
    auth: 'admin',
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), kind: z.string().max(100).optional() }),
    response: z.object({ events: z.array(AdminEvent) }),
    successStatus: 200,
  }),
} as const;
