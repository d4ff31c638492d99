import type { CofferConfig } from '../config/index.js';
import { buildHttpApp } from '../http/index.js';
import { scheduleBackups } from './backup-schedule.js';
import { claimScheduledRun, type ScheduledJob } from './scheduled-run-claim.js';
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
  // Services are built before the HTTP app (and its logger) exists; their hooks log once it does.
  let log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void } | undefined;
  const services = await createServices(config, {
    onRepair: (check) => {
      const fields = { objectKey: check.key, states: check.states, repaired: check.repaired.length, unrepaired: check.unrepaired.length };
      if (check.unrepaired.length > 0) log?.warn(fields, 'a replica could not be repaired');
      else if (check.repaired.length > 0) log?.info(fields, 'replica repaired');
    },
    onScrubFailed: (err) => log?.error({ err }, 'scrub failed'),
  });
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
  log = app.log;
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

  // With several instances on one database, each tick runs the job on one of them only.
  const onOneInstance = async (job: ScheduledJob, intervalMs: number, run: () => Promise<void>): Promise<void> => {
    if (await claimScheduledRun(services.store, job, intervalMs)) await run();
  };
  const gcTimer = setInterval(() => {
    onOneInstance('gc', config.gcIntervalMs, async () => {
      const report = await services.gc.run();
      app.log.info({ ...report }, 'garbage collection finished');
    }).catch((err: unknown) => app.log.error({ err }, 'garbage collection failed'));
  }, config.gcIntervalMs);
  gcTimer.unref();
  const stopBackups = scheduleBackups(config, services.blobs, app.log, () => claimScheduledRun(services.store, 'backup', config.backup.intervalMs));

  // Ids, keys and counts only: a scrub report never holds names or contents.
  const scrubTimer =
    config.scrubIntervalMs > 0
      ? setInterval(() => {
          onOneInstance('scrub', config.scrubIntervalMs, async () => {
            const report = await services.scrubber.run();
            const fields = {
              bytesVerified: report.bytesVerified,
              repaired: report.repaired,
              unrepaired: report.unrepaired,
              megabytesPerSecond: report.megabytesPerSecond,
            };
            if (report.unrepaired > 0) app.log.warn(fields, 'scrub finished with problems it could not repair');
            else app.log.info(fields, 'scrub finished');
          }).catch((err: unknown) => app.log.error({ err }, 'scrub failed'));
        }, config.scrubIntervalMs)
      : undefined;
  scrubTimer?.unref();

  return {
    url,
    services,
    close: async () => {
      clearInterval(gcTimer);
      clearInterval(scrubTimer);
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
