import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFirstAdmin, startServer, type RunningServer } from '../../src/app/index.js';
import { loadConfig, type CofferConfig } from '../../src/config/index.js';
import { createPostgresDatabase, type Dialect } from './dialects.js';
import { TestClient } from './http-client.js';

export const adminEmail = 'admin@example.com';
export const adminPassword = 'correct horse battery staple';

export interface TestServer {
  readonly dialect: Dialect;
  readonly url: string;
  readonly api: string;
  readonly dataDir: string;
  readonly config: CofferConfig;
  readonly running: RunningServer;
  /** Postgres database name when dialect is postgres. */
  readonly databaseName: string | undefined;
  readonly databaseUrl: string | undefined;
  /** Empty when started without an administrator. */
  readonly adminRecoveryKey: string;
  close(): Promise<void>;
  /** Stops this server and starts a new one over the same data folder and database (a new port, so a new URL). */
  restart(): Promise<TestServer>;
}

/**
 * A real Coffer server on a free loopback port, over a fresh data folder and (for PostgreSQL) a fresh
 * database, with a first administrator already created through the same path as `coffer admin create`.
 */
export async function startTestServer(dialect: Dialect, env: Record<string, string> = {}, options: { withAdmin?: boolean } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-test-'));
  const database = dialect === 'postgres' ? await createPostgresDatabase() : undefined;
  const config = loadConfig(
    {
      COFFER_DATA_DIR: dataDir,
      COFFER_PORT: '0',
      COFFER_LOG_LEVEL: 'silent',
      ...(database ? { COFFER_DATABASE_URL: database.url } : {}),
      ...env,
    },
    dataDir,
  );
  const { recoveryKey } = options.withAdmin === false ? { recoveryKey: '' } : await createFirstAdmin(config, adminEmail, adminPassword);
  return serverOver(dialect, dataDir, config, database, recoveryKey, await startServer(config, () => undefined));
}

function serverOver(
  dialect: Dialect,
  dataDir: string,
  config: CofferConfig,
  database: { url: string; name: string; drop(): Promise<void> } | undefined,
  recoveryKey: string,
  running: RunningServer,
): TestServer {
  return {
    dialect,
    url: running.url,
    api: `${running.url}/api/v1`,
    dataDir,
    config,
    running,
    databaseName: database?.name,
    databaseUrl: database?.url,
    adminRecoveryKey: recoveryKey,
    async close() {
      await running.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await running.close();
      return serverOver(dialect, dataDir, config, database, recoveryKey, await startServer(config, () => undefined));
    },
  };
}

/** A test server with the administrator signed in: the setup most suites share. */
export async function startSignedIn(dialect: Dialect, env: Record<string, string> = {}): Promise<{ server: TestServer; client: TestClient; rootId: string }> {
  const server = await startTestServer(dialect, env);
  const client = new TestClient(server.api);
  const rootId = (await client.signIn(adminEmail, adminPassword)).rootFolderId as string;
  return { server, client, rootId };
}

/** A second server instance beside a PostgreSQL test server: its own data folder; the same database, blobs and log key. */
export interface SecondInstance {
  readonly url: string;
  readonly api: string;
  close(): Promise<void>;
}

/** Another instance on `first`'s database, as a second node behind a load balancer would run; `env` adds settings. */
export async function startSecondInstance(first: TestServer, env: Record<string, string> = {}): Promise<SecondInstance> {
  if (!first.databaseUrl) throw new Error('a second instance needs a PostgreSQL test server');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-instance-'));
  const config = loadConfig(
    {
      COFFER_DATA_DIR: dataDir,
      COFFER_PORT: '0',
      COFFER_LOG_LEVEL: 'silent',
      COFFER_DATABASE_URL: first.databaseUrl,
      COFFER_BLOB_DIR: first.config.blobDir,
      COFFER_LEDGER_KEY_FILE: first.config.ledgerKeyFile,
      COFFER_PUBLIC_URL: first.config.publicUrl,
      ...env,
    },
    dataDir,
  );
  const running = await startServer(config, () => undefined).catch((err: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  return {
    url: running.url,
    api: `${running.url}/api/v1`,
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
