import type { CofferConfig } from '../config/index.js';
import { buildHttpApp } from '../http/index.js';
import { scheduleBackups } from './backup-schedule.js';
import { packageVersion } from './package-version.js';
import { createServices, type CofferServices } from './services.js';

export interface RunningServer {
  readonly url: string;
  readonly services: CofferServices;
  close(): Promise<void>;
}

export { packageVersion };

/** Starts `coffer server`: HTTP on the configured address plus the periodic garbage collector. */
export async function startServer(
  config: CofferConfig,
  announce: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RunningServer> {
  const services = await createServices(config);
  const app = await buildHttpApp(services, {
    logLevel: config.logLevel,
    version: packageVersion(),
    secureCookies: config.publicUrl.startsWith('https://'),
    registrationOpen: config.registration === 'open',
    // The server slides a browser session's expiry on use; the cookie must outlive that, or an active
    // session would end when a cookie set at sign-in expires.
    browserSessionSeconds: Math.floor(config.tokenLifetimeMs / 1000),
    maxJsonBodyBytes: config.maxJsonBodyBytes,
    trustProxy: config.trustProxy,
  });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await app.close();
    await services.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  announce(`Coffer ${packageVersion()} is listening on ${url}`);

  const setupToken = await services.setup.issueToken();
  if (setupToken) {
    // Printed to the console on purpose, once: whoever can read the server's console may create the first admin.
    announce('No administrator exists yet. Open this one-time link to create one:');
    announce(`  ${config.publicUrl}/setup#token=${setupToken}`);
    announce('or run: coffer admin create --email you@example.com');
  }

  const gcTimer = setInterval(() => {
    services.gc.run().then(
      (report) => app.log.info({ ...report }, 'garbage collection finished'),
      (err: unknown) => app.log.error({ err }, 'garbage collection failed'),
    );
  }, config.gcIntervalMs);
  gcTimer.unref();
  const stopBackups = scheduleBackups(config, services.blobs, app.log);

  return {
    url,
    services,
    close: async () => {
      clearInterval(gcTimer);
      await stopBackups();
      // In-flight requests get a grace period; then their connections are cut (an upload cut this way
      // is cleaned up like any aborted upload).
      const force = setTimeout(() => app.server.closeAllConnections(), 5000);
      try {
        await app.close();
      } finally {
        clearTimeout(force);
      }
      await services.close();
    },
  };
}
