import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { testDialects } from '../support/dialects.js';
import { createUser, expectError, fileBytes, uploadFile } from '../support/integration-helpers.js';
import { adminEmail, adminPassword, startTestServer, type TestServer } from '../support/test-server.js';
import { freePort, openAuthenticatorPage, passkeyKey, runCeremony } from '../support/webauthn-page.js';

/**
 * Passwordless sign-in with the WebAuthn PRF extension, in Debian's Chromium with the DevTools virtual authenticator
 * (hasPrf, resident keys, user verification). The page plays the web app; the passkey key is derived here exactly as
 * docs/format.md says (the web app does the same with WebCrypto).
 */
describe.each(testDialects())('passwordless passkeys on %s', (dialect) => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let adminKeyId = '';

  beforeAll(async () => {
    const port = await freePort();
    server = await startTestServer(dialect, { COFFER_PORT: String(port), COFFER_PUBLIC_URL: `http://localhost:${port}` });
    ({ browser, page } = await openAuthenticatorPage(`http://localhost:${port}`, { hasPrf: true }));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Registers a passkey for the signed-in client and turns passwordless on; returns the credential id. */
  async function addPasswordlessPasskey(client: TestClient, userId: string, label: string): Promise<string> {
    const creation = await client.json('POST', '/me/passkeys/options', {});
    expect(creation.body.extensions).toMatchObject({ prf: {} });
    const created = await runCeremony(page, 'create', creation.body);
    expect(created.prfEnabled).toBe(true);
    const registered = await client.json('POST', '/me/passkeys', { label, response: created.response });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const id = registered.body.id as string;
    const options = await client.json('POST', `/me/passkeys/${id}/passwordless/options`, {});
    expect(options.body.userVerification).toBe('required');
    const asserted = await runCeremony(page, 'get', options.body);
    expect(asserted.prf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const enabled = await client.json('POST', `/me/passkeys/${id}/passwordless`, {
      response: JSON.stringify(asserted.response),
      key: passkeyKey(asserted.prf!, userId, id),
    });
    expect(enabled.status, JSON.stringify(enabled.body)).toBe(204);
    return id;
  }

  /** A usernameless sign-in as the web app does it; `pin` restricts the ceremony to one credential (several live in the authenticator). */
  async function passwordless(pin?: string, tamper?: (body: { response: any; key: string }) => void) {
    const anonymous = new TestClient(server.api);
    const options = await anonymous.json('POST', '/auth/passkey/options', {});
    expect(options.status).toBe(200);
    expect(options.body.allowCredentials ?? []).toEqual([]);
    expect(options.body.userVerification).toBe('required');
    const asserted = await runCeremony(page, 'get', options.body, pin ? { allowCredentials: [{ id: pin, type: 'public-key' }] } : {});
    const response = asserted.response as any;
    const userId = Buffer.from(response.response.userHandle, 'base64url').toString('utf8');
    const body = { response, key: passkeyKey(asserted.prf!, userId, response.id as string) };
    tamper?.(body);
    return anonymous.json('POST', '/auth/passkey', { response: JSON.stringify(body.response), key: body.key });
  }

  it('registers with PRF, signs out, signs in without a password and reads a file stored before', async () => {
    const admin = new TestClient(server.api);
    const me = await admin.signIn(adminEmail, adminPassword);
    const uploaded = await uploadFile(admin, me.rootFolderId, 'before-passkey.bin', randomBytes(70_000));
    const original = await fileBytes(admin, uploaded.id);
    const id = await addPasswordlessPasskey(admin, me.id, 'virtual PRF key');
    adminKeyId = id;
    const listed = (await admin.json('GET', '/me/passkeys')).body.passkeys;
    expect(listed).toMatchObject([{ id, label: 'virtual PRF key', passwordless: true }]);
    expect((await admin.json('POST', '/auth/sign-out')).status).toBe(204);

    const started = performance.now();
    const signedIn = await passwordless(id);
    const elapsed = performance.now() - started;
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.user.id).toBe(me.id);
    const session = new TestClient(server.api, signedIn.body.token);
    expect((await fileBytes(session, uploaded.id)).equals(original)).toBe(true);
    // A full session: security settings too, not just files.
    expect((await session.json('GET', '/me/factors')).status).toBe(200);
    console.log(`passwordless sign-in (options + ceremony + verify + unwrap) on ${dialect}: ${elapsed.toFixed(0)} ms`);
    const renamed = await session.json('PATCH', `/me/passkeys/${id}`, { label: 'renamed key' });
    expect(renamed.status).toBe(204);
    expect((await session.json('GET', '/me/passkeys')).body.passkeys[0].label).toBe('renamed key');
  }, 60_000);

  it('answers the same for an unknown credential, a replay, a wrong key and a passkey without passwordless', async () => {
    // The administrator now has a passkey (a second factor): its passwordless session creates the account.
    const admin = new TestClient(server.api, (await passwordless(adminKeyId)).body.token);
    const { client: plain } = await createUser(admin, 'second-factor-only@example.com', 'a long enough password');
    const creation = await plain.json('POST', '/me/passkeys/options', {});
    const created = await runCeremony(page, 'create', creation.body);
    const registered = await plain.json('POST', '/me/passkeys', { label: 'factor only', response: created.response });
    expect(registered.status).toBe(201);

    const answers = [
      await passwordless(registered.body.id),
      await passwordless(adminKeyId, (body) => {
        const fake = randomBytes(16).toString('base64url');
        body.response.id = fake;
        body.response.rawId = fake;
      }),
      await passwordless(adminKeyId, (body) => {
        body.key = randomBytes(32).toString('base64url');
      }),
    ];
    for (const answer of answers) expectError(answer, 401, 'auth.passkey_invalid');
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);

    // A replayed assertion: its challenge was consumed.
    const anonymous = new TestClient(server.api);
    const options = await anonymous.json('POST', '/auth/passkey/options', {});
    const asserted = await runCeremony(page, 'get', options.body, { allowCredentials: [{ id: adminKeyId, type: 'public-key' }] });
    const response = asserted.response as any;
    const key = passkeyKey(asserted.prf!, Buffer.from(response.response.userHandle, 'base64url').toString('utf8'), response.id);
    const first = await anonymous.json('POST', '/auth/passkey', { response: JSON.stringify(response), key });
    expect(first.status).toBe(200);
    expectError(await anonymous.json('POST', '/auth/passkey', { response: JSON.stringify(response), key }), 401, 'auth.passkey_invalid');
  }, 60_000);
});
