import type { FastifyInstance } from 'fastify';
import { CofferError } from '../../domain/index.js';
import { api } from '../../api/index.js';
import { presentedToken } from '../authenticate.js';
import { clearedSessionCookie } from '../cookies.js';
import { defineRoute } from '../define-route.js';
import type { HttpOptions, HttpServices } from '../http-services.js';
import { presentSignedIn, presentUser } from '../presenters.js';

export function registerAuthRoutes(app: FastifyInstance, services: HttpServices, options: HttpOptions): void {
  const { sessions } = services;

  defineRoute(app, sessions, api.health, async () => ({ status: 'ok' as const }));

  defineRoute(app, sessions, api.setupStatus, async () => ({ needsSetup: await services.setup.needsSetup(), registrationOpen: options.registrationOpen }));

  defineRoute(app, sessions, api.setup, async ({ body }) => {
    const { user, recoveryKey } = await services.setup.completeWithToken(body.token, body.email, body.password);
    return { user: presentUser(user), recoveryKey };
  });

  defineRoute(app, sessions, api.signIn, async ({ body, request, reply }) => {
    const label = body.label ?? String(request.headers['user-agent'] ?? 'unknown client').slice(0, 200);
    const outcome = await services.signIn.passwordStep({ email: body.email, password: body.password, kind: body.kind, label, clientAddress: request.ip });
    if (outcome.step === 'second-factor') {
      return { secondFactor: { challenge: outcome.token, methods: outcome.methods, expiresAt: new Date(outcome.expiresAt).toISOString() } };
    }
    return presentSignedIn(outcome, body.kind, reply, options);
  });

  defineRoute(app, sessions, api.signOut, async ({ auth, request, reply }) => {
    await sessions.signOut(auth.sessionId);
    if (presentedToken(request) !== undefined) void reply.header('set-cookie', clearedSessionCookie(options.secureCookies));
  });

  defineRoute(app, sessions, api.register, async ({ body }) => {
    if (!options.registrationOpen) throw new CofferError('auth.registration_closed');
    const { user, recoveryKey } = await services.users.create(body.email, body.password, 'user');
    return { user: presentUser(user), recoveryKey };
  });

  defineRoute(app, sessions, api.recover, async ({ body }) => {
    await services.accounts.resetWithRecoveryKey(body.email, body.recoveryKey, body.newPassword);
  });

  defineRoute(app, sessions, api.me, async ({ auth }) => presentUser(await services.users.get(auth.userId)));

  defineRoute(app, sessions, api.changePassword, async ({ auth, body }) => {
    await services.accounts.changePassword(auth.userId, body.currentPassword, body.newPassword);
  });
}
