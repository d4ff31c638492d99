import type { FastifyInstance } from 'fastify';
import { CofferError } from '../../domain/index.js';
import { api } from '../../api/index.js';
import { defineRoute } from '../define-route.js';
import type { HttpOptions, HttpServices } from '../http-services.js';
import { presentSession, presentSignedIn, presentUser } from '../presenters.js';

/** The second sign-in step, the account's own factors, sessions and app passwords, and invitations. */
export function registerSecurityRoutes(app: FastifyInstance, services: HttpServices, options: HttpOptions): void {
  const { sessions, signIn, factors, devices } = services;

  defineRoute(app, sessions, api.secondFactor, async ({ body, reply }) => {
    const signedIn = await signIn.secondStep(body.challenge, body.method, body.code);
    // The challenge remembers whether a cookie or a token was asked for at the password step.
    return presentSignedIn(signedIn, signedIn.kind === 'browser' ? 'browser' : 'token', reply, options);
  });

  defineRoute(app, sessions, api.resendCode, async ({ body }) => {
    await signIn.resendEmailCode(body.challenge);
  });

  defineRoute(app, sessions, api.passkeyOptions, async ({ body }) => signIn.passkeyOptions(body.challenge));

  defineRoute(app, sessions, api.passkeyRegistrationOptions, async ({ auth }) => services.passkeys.registrationOptions(auth.userId, auth.email));

  defineRoute(app, sessions, api.registerPasskey, async ({ auth, body }) => services.passkeys.register(auth.userId, body.label, body.response));

  defineRoute(app, sessions, api.removePasskey, async ({ auth, params }) => {
    await services.passkeys.remove(auth.userId, params.id);
  });

  defineRoute(app, sessions, api.acceptInvitation, async ({ body }) => {
    const { user, recoveryKey } = await services.admin.acceptInvitation(body.token, body.password);
    return { user: presentUser(user), recoveryKey };
  });

  defineRoute(app, sessions, api.myFactors, async ({ auth }) => factors.summary(auth.userId));

  defineRoute(app, sessions, api.enableEmailFactor, async ({ auth }) => {
    await factors.enableEmail(auth.userId);
    return factors.summary(auth.userId);
  });

  defineRoute(app, sessions, api.startTotp, async ({ auth }) => factors.startTotp(auth.userId, auth.email));

  defineRoute(app, sessions, api.confirmTotp, async ({ auth, body }) => {
    const recoveryCodes = await factors.confirmTotp(auth.userId, body.code);
    return { factors: await factors.summary(auth.userId), recoveryCodes: recoveryCodes ?? null };
  });

  defineRoute(app, sessions, api.removeFactor, async ({ auth, params }) => {
    await factors.remove(auth.userId, params.kind);
    return factors.summary(auth.userId);
  });

  defineRoute(app, sessions, api.newRecoveryCodes, async ({ auth }) => ({ recoveryCodes: await factors.newRecoveryCodes(auth.userId) }));

  defineRoute(app, sessions, api.requestEmailChange, async ({ auth, body }) => {
    await services.emailChange.request(auth.userId, body.email);
  });

  defineRoute(app, sessions, api.confirmEmailChange, async ({ body }) => {
    await services.emailChange.confirm(body.token);
  });

  defineRoute(app, sessions, api.listSessions, async ({ auth }) => ({
    sessions: (await devices.list(auth.userId)).map((session) => presentSession(session, auth.sessionId)),
  }));

  defineRoute(app, sessions, api.revokeSession, async ({ auth, params }) => {
    if (params.id === auth.sessionId) throw new CofferError('request.invalid', 'To end this session, sign out.');
    await devices.revoke(auth.userId, params.id);
  });

  defineRoute(app, sessions, api.revokeOtherSessions, async ({ auth }) => {
    await devices.revokeOthers(auth);
  });

  defineRoute(app, sessions, api.createAppPassword, async ({ auth, body }) => {
    const created = await devices.createAppPassword(auth, body.label, body.scope);
    return { id: created.id, token: created.token, scope: body.scope };
  });
}
