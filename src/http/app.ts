import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { CofferError } from '../domain/index.js';
import { addDavMethods, registerDavRoutes, registerRootOptions } from './dav/dav.routes.js';
import { apiPrefix } from './define-route.js';
import { sendError } from './error-mapper.js';
import type { HttpOptions, HttpServices } from './http-services.js';
import { renderOpenApi } from './openapi.js';
import { registerAdminRoutes } from './routes/admin.routes.js';
import { registerStorageAdminRoutes } from './routes/storage-admin.routes.js';
import { registerAccountRoutes } from './routes/account.routes.js';
import { registerAuthRoutes } from './routes/auth.routes.js';
import { registerDownloadRoute, registerStreamRoutes } from './routes/content.routes.js';
import { registerDriveRoutes } from './routes/drive.routes.js';
import { registerFileRoutes } from './routes/files.routes.js';
import { registerFormUploadRoute } from './routes/form-upload.routes.js';
import { registerSecurityRoutes } from './routes/security.routes.js';
import { registerPasskeyRoutes } from './routes/passkey.routes.js';
import { registerLedgerRoutes } from './routes/ledger.routes.js';
import { registerTusRoutes } from './routes/tus.routes.js';
import { registerUserRoutes } from './routes/users.routes.js';
import { registerWebApp } from './web-app/web-app.routes.js';
import { registerLinkRoutes } from './routes/links.routes.js';
import { registerDeliveryRoutes } from './routes/delivery.routes.js';
import { registerSharedUploadRoutes, registerSharingRoutes } from './routes/sharing.routes.js';
import { registerLinkPage } from './link-page/link-page.routes.js';

export interface HttpAppOptions extends HttpOptions {
  readonly logLevel: string;
  readonly version: string;
}

/**
 * Builds the HTTP application. Request logging is our own one-line summary (method, route pattern,
 * status, time): URLs can carry file names in query strings, and those must not reach the logs.
 */
export async function buildHttpApp(services: HttpServices, options: HttpAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: options.logLevel },
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.maxJsonBodyBytes,
    trustProxy: options.trustProxy,
    // No limit on a whole request (a large upload may take hours), but a connection that sends nothing
    // for two minutes is dropped, so a stalled client cannot hold an upload open forever.
    requestTimeout: 0,
    connectionTimeout: 120_000,
    return503OnClosing: true,
  });

  app.addHook('onRequest', async (_request, reply) => {
    void reply.headers({ 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' });
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request',
    );
  });
  app.setErrorHandler((err, _request, reply) => sendError(reply, err, app.log));
  app.setNotFoundHandler((request, reply) => {
    const code = request.url.startsWith(apiPrefix) ? 'route.not_found' : 'route.not_found';
    sendError(reply, new CofferError(code, `There is no route ${request.method} ${request.url.split('?')[0]}.`), app.log);
  });

  const openApi = renderOpenApi(options.version);
  app.get(`${apiPrefix}/openapi.json`, async () => openApi);

  registerWebApp(app);
  registerAuthRoutes(app, services, options);
  registerUserRoutes(app, services);
  registerSecurityRoutes(app, services, options);
  registerPasskeyRoutes(app, services, options);
  registerAdminRoutes(app, services);
  registerStorageAdminRoutes(app, services);
  registerFileRoutes(app, services);
  registerLedgerRoutes(app, services);
  registerDriveRoutes(app, services);
  registerDownloadRoute(app, services);
  registerAccountRoutes(app, services);
  await app.register(async (child) => registerStreamRoutes(child, services));
  await app.register(async (child) => registerFormUploadRoute(child, services));
  addDavMethods(app);
  registerRootOptions(app);
  await app.register(async (child) => registerDavRoutes(child, services));
  registerSharingRoutes(app, services);
  registerLinkRoutes(app, services);
  registerDeliveryRoutes(app, services);
  registerLinkPage(app);
  await app.register(async (child) => registerSharedUploadRoutes(child, services));
  await app.register(async (child) => registerTusRoutes(child, services));
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith(apiPrefix) && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
  return app;
}
