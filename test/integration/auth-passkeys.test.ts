import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { expectError, makeFolder } from '../support/integration-helpers.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { freePort, openAuthenticatorPage, runCeremony } from '../support/webauthn-page.js';

/**
 * Passkeys in Debian's Chromium with the DevTools virtual authenticator. The server's public URL is
 * http://localhost:<port> (an IP address cannot be a WebAuthn RP ID); the page is any page of that origin.
 */
describe.each(testDialects())('passkeys in Chromium on %s', (dialect) => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const port = await freePort();
    server = await startTestServer(dialect, { COFFER_PORT: String(port), COFFER_PUBLIC_URL: `http://localhost:${port}` });
    ({ browser, page } = await openAuthenticatorPage(`http://localhost:${port}`, { hasPrf: false }));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('registers a passkey, then confirms a sign-in with it; a replayed assertion is refused', async () => {
    const admin = new TestClient(server.api);
    await admin.signIn(adminEmail, adminPassword);
    const creation = await admin.json('POST', '/me/passkeys/options', {});
    expect(creation.status).toBe(200);
    const attestation = (await runCeremony(page, 'create', creation.body)).response;
    const registered = await admin.json('POST', '/me/passkeys', { label: 'virtual key', response: attestation });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect((await admin.json('GET', '/me/factors')).body.kinds).toEqual(['passkey']);

    const anonymous = new TestClient(server.api);
    const first = await anonymous.json('POST', '/auth/sign-in', { email: adminEmail, password: adminPassword });
    expect(first.body.secondFactor.methods).toEqual(['passkey']);
    const challenge = first.body.secondFactor.challenge as string;
    const request = await anonymous.json('POST', '/auth/second-factor/passkey-options', { challenge });
    expect(request.status).toBe(200);
    const assertion = (await runCeremony(page, 'get', request.body)).response;
    const done = await anonymous.json('POST', '/auth/second-factor', { challenge, method: 'passkey', code: JSON.stringify(assertion) });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const client = new TestClient(server.api, done.body.token);
    expect(await makeFolder(client, done.body.user.rootFolderId, 'via passkey')).toMatch(/^[a-z0-9]{26}$/);

    // The same assertion for a new sign-in: its WebAuthn challenge does not match.
    const again = (await anonymous.json('POST', '/auth/sign-in', { email: adminEmail, password: adminPassword })).body.secondFactor.challenge;
    await anonymous.json('POST', '/auth/second-factor/passkey-options', { challenge: again });
    expectError(
      await anonymous.json('POST', '/auth/second-factor', { challenge: again, method: 'passkey', code: JSON.stringify(assertion) }),
      401,
      'auth.code_invalid',
    );
    // Without fresh options there is nothing to answer.
    expectError(
      await anonymous.json('POST', '/auth/second-factor', { challenge: again, method: 'passkey', code: JSON.stringify(assertion) }),
      401,
      'auth.code_expired',
    );
  }, 60_000);
});
