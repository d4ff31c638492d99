import { z } from 'zod';
import { Id, Timestamp } from './entities.js';

/** Wire shapes of strong sign-in, sessions and administration (issue 4). */
export const SecondFactorMethod = z.enum(['email', 'totp', 'passkey', 'recovery']);
export const AppPasswordScope = z.enum(['api', 'dav', 'read-only']).describe('api: the REST API; dav: WebDAV only; read-only: GET routes of the REST API only');

export const SecondFactorRequired = z
  .object({
    secondFactor: z.object({
      challenge: z.string().describe('send back with the code to POST /auth/second-factor; it opens nothing by itself'),
      methods: z.array(SecondFactorMethod),
      expiresAt: Timestamp,
    }),
  })
  .meta({ id: 'SecondFactorRequired' });

export const Factors = z.object({ kinds: z.array(z.enum(['email', 'totp', 'passkey'])), recoveryCodesLeft: z.number().int() }).meta({ id: 'Factors' });

export const SessionInfo = z
  .object({
    id: Id,
    kind: z.enum(['browser', 'token', 'app']),
    scope: z.enum(['full', 'api', 'dav', 'read-only']),
    label: z.string(),
    createdAt: Timestamp,
    lastUsedAt: Timestamp,
    expiresAt: Timestamp.nullable().describe('null for app passwords, which last until revoked'),
    current: z.boolean(),
  })
  .meta({ id: 'SessionInfo' });

export const AdminEvent = z
  .object({
    id: Id,
    kind: z.string(),
    userId: Id.nullable(),
    detail: z.record(z.string(), z.union([z.string(), z.number()])),
    createdAt: Timestamp,
  })
  .meta({ id: 'AdminEvent' });

export const ServerHealth = z.object({
  users: z.number().int(),
  usedBytes: z.number().int(),
  database: z.enum(['ok', 'failing']),
  storage: z.enum(['ok', 'failing']),
});

export type SessionInfoDto = z.infer<typeof SessionInfo>;
export type AdminEventDto = z.infer<typeof AdminEvent>;
