import net from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { expectError, makeFolder } from '../support/integration-helpers.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Runs in the page: WebAuthn JSON options (base64url) → navigator.credentials → JSON response, like a web app would. */
const ceremony = async ([kind, optionsJson]: [string, Record<string, unknown>]): Promise<Record<string, unknown>> => {
  const fromB64 = (text: string): ArrayBuffer => {
    const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer;
  };
  const toB64 = (buffer: ArrayBuffer): string =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  // Browser globals: the test project compiles without the DOM library.
  const credentials = (globalThis as any).navigator.credentials;
  const options = structuredClone(optionsJson) as any;
  options.challenge = fromB64(options.challenge);
  for (const list of [options.excludeCredentials, options.allowCredentials]) for (const c of list ?? []) c.id = fromB64(c.id);
  if (kind === 'create') {
    options.user.id = fromB64(options.user.id);
    const credential = await credentials.create({ publicKey: options });
    const response = credential.response;
    return {
      id: credential.id,
      rawId: toB64(credential.rawId),
      type: credential.type,
      clientExtensionResults: {},
      response: { clientDataJSON: toB64(response.clientDataJSON), attestationObject: toB64(response.attestationObject), transports: response.getTransports() },
    };
  }
  const credential = await credentials.get({ publicKey: options });
  const response = credential.response;
  return {
    id: credential.id,
    rawId: toB64(credential.rawId),
    type: credential.type,
    clientExtensionResults: {},
    response: {
      clientDataJSON: toB64(response.clientDataJSON),
      authenticatorData: toB64(response.authenticatorData),
      signature: toB64(response.signature),
      ...(response.userHandle ? { userHandle: toB64(response.userHandle) } : {}),
    },
  };
};

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
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    const context = await browser.newContext();
    page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await page.goto(`http://localhost:${port}/api/v1/health`);
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
    const attestation = await page.evaluate(ceremony, ['create', creation.body] as [string, Record<string, unknown>]);
    const registered = await admin.json('POST', '/me/passkeys', { label: 'virtual key', response: attestation });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    expect((await admin.json('GET', '/me/factors')).body.kinds).toEqual(['passkey']);

    const anonymous = new TestClient(server.api);
    const first = await anonymous.json('POST', '/auth/sign-in', { email: adminEmail, password: adminPassword });
    expect(first.body.secondFactor.methods).toEqual(['passkey']);
    const challenge = first.body.secondFactor.challenge as string;
    const request = await anonymous.json('POST', '/auth/second-factor/passkey-options', { challenge });
    expect(request.status).toBe(200);
    const assertion = await page.evaluate(ceremony, ['get', request.body] as [string, Record<string, unknown>]);
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
