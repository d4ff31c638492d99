import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { expectError } from '../support/integration-helpers.js';
import { adminEmail, adminPassword, startSecondInstance, startTestServer, type SecondInstance, type TestServer } from '../support/test-server.js';

/** Two stateless instances on one PostgreSQL database share the sign-in limits and the pending WebAuthn challenges. */
describe.each(testDialects().filter((d) => d === 'postgres'))('sign-in limits across instances on %s', () => {
  let first: TestServer;
  let second: SecondInstance;

  beforeAll(async () => {
    first = await startTestServer('postgres');
    second = await startSecondInstance(first);
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('wrong passwords on one instance block the account on the other', async () => {
    const a = new TestClient(first.api);
    const b = new TestClient(second.api);
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
    const b = new TestClient(second.api, a.token);
    expect((await a.json('POST', '/me/passkeys/options', {})).status).toBe(200);
    // B finds the pending challenge (a garbage answer is then refused as such), and it is single use.
    expectError(await b.json('POST', '/me/passkeys', { label: 'x', response: { id: 'x' } }), 401, 'auth.code_invalid');
    expectError(await b.json('POST', '/me/passkeys', { label: 'x', response: { id: 'x' } }), 409, 'factor.not_pending');
  });
});
