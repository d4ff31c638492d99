import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/app/index.js';
import { loadConfig } from '../../src/config/index.js';
import { testDialects } from '../support/dialects.js';
import { TestClient } from '../support/http-client.js';
import { randomData } from '../support/integration-helpers.js';
import { allEntries, verifiedCheckpoint } from '../support/ledger-helpers.js';
import { adminEmail, adminPassword, startSignedIn, type TestServer } from '../support/test-server.js';

/** Several server instances sharing one PostgreSQL database share one log: one key, one tree, no duplicate index. */
describe.each(testDialects().filter((d) => d === 'postgres'))('integrity log across instances on %s', (dialect) => {
  let first: TestServer;
  let second: RunningServer;
  let clientA: TestClient;
  let rootId: string;
  const folders: string[] = [];

  const instance = (env: Record<string, string>) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-instance-'));
    folders.push(dataDir);
    return loadConfig({ COFFER_DATA_DIR: dataDir, COFFER_PORT: '0', COFFER_LOG_LEVEL: 'silent', COFFER_DATABASE_URL: first.databaseUrl!, ...env }, dataDir);
  };

  beforeAll(async () => {
    ({ server: first, client: clientA, rootId } = await startSignedIn(dialect));
    second = await startServer(instance({ COFFER_LEDGER_KEY_FILE: first.config.ledgerKeyFile }), () => undefined);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('refuses to start an instance without the log key the database was started with', async () => {
    await expect(startServer(instance({}), () => undefined)).rejects.toThrow(/signing key file .* is missing/);
  });

  it('appends from both instances at once into one consistent tree', async () => {
    const clientB = new TestClient(`${second.url}/api/v1`);
    await clientB.signIn(adminEmail, adminPassword);
    const before = await verifiedCheckpoint(clientA);
    const uploads = await Promise.all(
      Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? clientA : clientB).upload(rootId, `instance-${i}.bin`, randomData(500 + i))),
    );
    expect(uploads.map((u) => u.status)).toEqual(Array(16).fill(201));
    const afterA = await verifiedCheckpoint(clientA);
    const afterB = await verifiedCheckpoint(clientB);
    expect(afterB).toEqual(afterA);
    expect(afterA.size).toBe(before.size + 16);
    const entries = await allEntries(clientA);
    expect(entries.map((e) => e.index)).toEqual(entries.map((_, i) => i));
    expect((await clientB.json('GET', '/ledger/audit')).body.problems).toEqual([]);
  });
});
