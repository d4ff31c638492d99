import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

// Runs only where the global setup provided PostgreSQL (always in CI, where its absence fails the run).
describe.runIf(inject('postgresUrl') !== '')('a PostgreSQL server that drops connections', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('postgres');
  });
  afterAll(async () => server?.close());

  it('does not crash Coffer: idle connections are replaced and requests keep working', async () => {
    const client = new TestClient(server.api);
    const me = await client.signIn(adminEmail, adminPassword);
    expect((await client.upload(me.rootFolderId, 'before.txt', 'before')).status).toBe(201);

    // What a database restart or an administrator does to every open connection.
    const admin = new pg.Client({ connectionString: inject('postgresUrl') });
    await admin.connect();
    const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
      server.databaseName,
    ]);
    await admin.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const after = await client.upload(me.rootFolderId, 'after.txt', 'after');
    expect(after.status).toBe(201);
    expect((await client.download(after.body.id)).bytes.toString()).toBe('after');
  });
});
