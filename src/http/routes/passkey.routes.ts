import type { FastifyInstance } from 'fastify';
import { api } from '../../api/index.js';
import { reauthWindowMs } from '../../features/auth/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpOptions, HttpServices } from '../http-services.js';
import { presentSignedIn } from '../presenters.js';

/** The passkey list, passwordless sign-in and fresh re-authentication. */
export function registerPasskeyRoutes(app: FastifyInstance, services: HttpServices, options: HttpOptions): void {
  const { sessions, passkeys, passwordless, reauth } = services;

  defineRoute(app, sessions, api.listPasskeys, async ({ auth }) => ({ passkeys: await passkeys.list(auth.userId) }));

  defineRoute(app, sessions, api.renamePasskey, async ({ auth, params, body }) => {
    await passkeys.rename(auth.userId, params.id, body.label);
  });

  defineRoute(app, sessions, api.passwordlessEnableOptions, async ({ auth, params }) => passwordless.enableOptions(auth.userId, params.id));

  defineRoute(app, sessions, api.enablePasswordless, async ({ auth, params, body }) => {
    await passwordless.enable(auth.userId, auth.masterKey, params.id, body.response, body.key);
  });

  defineRoute(app, sessions, api.disablePasswordless, async ({ auth, params }) => {
    await passwordless.disable(auth.userId, params.id);
  });

  defineRoute(app, sessions, api.passwordlessOptions, async ({ request }) => services.signIn.passwordlessOptions(request.ip));

  defineRoute(app, sessions, api.passwordlessSignIn, async ({ body, request, reply }) => {
    const label = body.label ?? String(request.headers['user-agent'] ?? 'unknown client').slice(0, 200);
    const signedIn = await services.signIn.passwordlessStep(body.response, body.key, body.kind, label, request.ip);
    return presentSignedIn(signedIn, body.kind, reply, options);
  });

  defineRoute(app, sessions, api.reauthPasskeyOptions, async ({ auth }) => reauth.passkeyOptions(auth.userId));

  defineRoute(app, sessions, api.reauthenticate, async ({ auth, body, request }) => {
    if ('password' in body) await reauth.withPassword(auth, body.password, request.ip);
    else await reauth.withPasskey(auth, body.passkey);
    return { until: Date.now() + reauthWindowMs };
  });
}
