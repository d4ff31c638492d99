import type { TestProject } from 'vitest/node';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';

/**
 * Provides a PostgreSQL server to every test file (as COFFER_TEST_POSTGRES_URL). An already running
 * server can be given in that variable. In CI a missing PostgreSQL fails the run; elsewhere the
 * PostgreSQL variants of the suites skip, loudly.
 */
let cluster: PostgresCluster | undefined;

export default function setup(project: TestProject): () => void {
  let url = process.env.COFFER_TEST_POSTGRES_URL;
  if (!url) {
    try {
      cluster = startPostgresCluster(54000 + Math.floor(Math.random() * 1000));
      url = cluster.url;
    } catch (err) {
      if (process.env.CI) throw new Error(`PostgreSQL is required in CI but could not be started: ${(err as Error).message}`);
      console.warn(`\n!!! PostgreSQL could not be started (${(err as Error).message}); PostgreSQL test variants will be SKIPPED !!!\n`);
    }
  }
  project.provide('postgresUrl', url ?? '');
  return () => cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}
