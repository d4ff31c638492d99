import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/webauthn-page.js';
import { setUpAdministrator } from './support/accounts-page.js';
import { expectAccessible, launchChromium, screenshot, watchForTrouble } from './support/browser.js';
import { startBrowserServer, type BrowserServer } from './support/browser-server.js';
import { DrivePage } from './support/drive-page.js';
import { text } from './support/fixtures.js';

const email = 'passkeys@example.com';
const password = 'a long enough password';
const proof = 'bytes only the master key opens';

/**
 * The passkey screens in Chromium with a DevTools virtual authenticator that has PRF and user verification: add a
 * passkey for sign-in without a password, rename it, confirm a sensitive change when asked, sign out, sign in with the
 * passkey alone and download a file stored before.
 */
describe('passkeys in the web app', () => {
  let server: BrowserServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let drive: DrivePage;
  let trouble: ReturnType<typeof watchForTrouble>;

  beforeAll(async () => {
    const port = await freePort();
    server = await startBrowserServer({ COFFER_PORT: String(port), COFFER_PUBLIC_URL: `http://localhost:${port}` });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        ctap2Version: 'ctap2_1',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        hasPrf: true,
        automaticPresenceSimulation: true,
      },
    });
    trouble = watchForTrouble(page);
    drive = new DrivePage(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('stores a file, then adds a passkey that signs in without a password', async () => {
    await setUpAdministrator(page, server.setupLink, email, password);
    await drive.uploadByChooser([text('passkey-proof.txt', proof)]);
    await drive.waitForItem('passkey-proof.txt');
    await page.goto(`${server.url}/settings`);
    await page.getByLabel('Passkey name').fill('Virtual key');
    await expect.poll(() => page.getByLabel(/without a password \(needs/).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await drive.toast('success', 'Passkey added.');
    await page.getByTestId('passkey').getByText('signs in without a password').waitFor();
    await page.getByText('On: Passkey.').waitFor();
  });

  it('renames the passkey', async () => {
    await page.getByRole('button', { name: 'Rename Virtual key' }).click();
    await page.getByLabel('New name').fill('Laptop key');
    await page.getByRole('button', { name: 'Save' }).click();
    await drive.toast('success', 'Passkey renamed.');
    await page.getByTestId('passkey').getByText('Laptop key').waitFor();
    await expectAccessible(page, 'settings with a passkey');
    await screenshot(page, 'settings-passkeys');
  });

  it('asks to confirm with the password before new recovery codes when the sign-in is older than 5 minutes', async () => {
    const token = (await context.cookies()).find((cookie) => cookie.value.startsWith('cf1.'))!.value;
    await server.running.services.store.repos.sessions.markReauthenticated(token.split('.')[1]!, Date.now() - 6 * 60_000);
    await page.getByRole('button', { name: 'Make new recovery codes' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.getByLabel('Password').fill('not my password');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.getByRole('alert').waitFor();
    await dialog.getByLabel('Password').fill(password);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    await page.getByRole('button', { name: 'I have stored it' }).click();
  });

  it('signs out, signs in with the passkey alone and downloads the file stored before', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('button', { name: 'Continue with a passkey' }).click();
    await drive.waitForItem('passkey-proof.txt');
    const bytes = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/me')).json()) as { rootFolderId: string };
      const listing = (await (await fetch(`/api/v1/folders/${me.rootFolderId}/children`)).json()) as { items: { id: string; name: string }[] };
      const file = listing.items.find((item) => item.name === 'passkey-proof.txt')!;
      return (await fetch(`/api/v1/files/${file.id}/content`)).text();
    });
    expect(bytes).toBe(proof);
  });

  it('offers the passkey as a second factor after the password, and removes it (a fresh sign-in counts as confirmation)', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const method = page.getByLabel('Second factor');
    await method.selectOption('passkey');
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await drive.waitForItem('passkey-proof.txt');
    await page.goto(`${server.url}/settings`);
    await page.getByRole('button', { name: 'Remove Laptop key' }).click();
    await drive.toast('success', 'Passkey removed.');
    await page.getByText('No passkeys yet.').waitFor();
    expect(trouble.errors).toEqual([]);
  });
});
