import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/app/index.js';
import { loadConfig } from '../../src/config/index.js';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { expectError } from '../support/integration-helpers.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

/** Two stateless instances on one PostgreSQL database share the sign-in limits and the pending WebAuthn challenges. */
describe.each(testDialects().filter((d) => d === 'postgres'))('sign-in limits across instances on %s', () => {
  let first: TestServer;
  let second: RunningServer;
  let dataDir = '';

  beforeAll(async () => {
    first = await startTestServer('postgres');
    dataDir = mkdtempSync(path.join(tmpdir(), 'coffer-instance-'));
    const config = loadConfig(
      {
        COFFER_DATA_DIR: dataDir,
        COFFER_PORT: '0',
        COFFER_LOG_LEVEL: 'silent',
        COFFER_DATABASE_URL: first.databaseUrl!,
        COFFER_LEDGER_KEY_FILE: first.config.ledgerKeyFile,
        COFFER_PUBLIC_URL: first.config.publicUrl,
      },
      dataDir,
    );
    second = await startServer(config, () => undefined);
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('wrong passwords on one instance block the account on the other', async () => {
    const a = new TestClient(first.api);
    const b = new TestClient(`${second.url}/api/v1`);
    // Five free failures, spread over both instances: they add up.
    for (let i = 0; i < 5; i++) {
      const client = i % 2 === 0 ? a : b;
      expectError(await client.json('POST', '/auth/sign-in', { email: adminEmail, password: `wrong ${i}` }), 401, 'auth.invalid_credentials');
    }
    // The sixth, on A, sets a delay; B honours it at once, even for the right password.
    expectError(await a.json('POST', '/auth/sign-in', { email: adminEmail, password: 'wrong 6' }), 401, 'auth.invalid_credentials');
    const blocked = await b.json('POST', '/auth/sign-in', { email: adminEmail, password: adminPassword });
    expectError(blocked, 429, 'auth.rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another account is not affected.
    expectError(await b.json('POST', '/auth/sign-in', { email: 'nobody@example.com', password: 'whatever it is' }), 401, 'auth.invalid_credentials');
  });

  it('passkey registration options from one instance are answered on the other', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const a = new TestClient(first.api);
    await a.signIn(adminEmail, adminPassword);
    const b = new TestClient(`${second.url}/api/v1`, a.token);
    expect((await a.json('POST', '/me/passkeys/options', {})).status).toBe(200);
    // B finds the pending challenge (a garbage answer is then refused as such), and it is single use.
    expectError(await b.json('POST', '/me/passkeys', { label: 'x', response: { id: 'x' } }), 401, 'auth.code_invalid');
    expectError(await b.json('POST', '/me/passkeys', { label: 'x', response: { id: 'x' } }), 409, 'factor.not_pending');
  });
});
