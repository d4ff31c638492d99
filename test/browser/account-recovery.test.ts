import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpAdministrator, signIn } from './support/accounts-page.js';
import { expectAccessible, launchChromium, screenshot, watchForTrouble } from './support/browser.js';
import { startBrowserServer, type BrowserServer } from './support/browser-server.js';
import { DrivePage } from './support/drive-page.js';

const email = 'rosa@example.com';
const firstPassword = 'rosa first password';
const newPassword = 'rosa second password';
const note = 'written before the password was forgotten';

/**
 * Self-registration (COFFER_REGISTRATION=open) and a forgotten password, through the screens: the account's recovery
 * key, shown once at registration, sets a new password on /recover, and the files stored before stay readable.
 */
describe('registration and password recovery in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let drive: DrivePage;
  let trouble: ReturnType<typeof watchForTrouble>;
  let recoveryKey = '';

  beforeAll(async () => {
    server = await startBrowserServer({ COFFER_REGISTRATION: 'open' });
    browser = await launchChromium();
    const admin = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await setUpAdministrator(await admin.newPage(), server.setupLink, 'admin@example.com', 'a long enough password');
    await admin.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    trouble = watchForTrouble(page);
    drive = new DrivePage(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the sign-in page offers registration when it is open, and the account gets its recovery key once', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create an account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/register');
    await expectAccessible(page, 'register');
    await screenshot(page, 'desktop-register');

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password (at least 10 characters)').fill(firstPassword);
    await page.getByLabel('Repeat the password').fill(firstPassword);
    await page.getByRole('button', { name: 'Create my account' }).click();
    const key = page.getByTestId('recovery-key');
    await key.waitFor();
    recoveryKey = ((await key.textContent()) ?? '').trim();
    expect(recoveryKey.length).toBeGreaterThan(20);
    await page.getByLabel(/stored my recovery key/).check();
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    await page.getByRole('heading', { name: 'Sign in to Coffer' }).waitFor();
  });

  it('the new account signs in and stores a file', async () => {
    await signIn(page, server.url, email, firstPassword);
    await drive.uploadByChooser([{ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from(note) }]);
    // Forgetting the password happens on another day: a fresh browser profile, signed out.
    await context.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    trouble = watchForTrouble(page);
    drive = new DrivePage(page);
  });

  it('a wrong recovery key changes nothing; the right one sets a new password and the file still opens', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await expectAccessible(page, 'recover');
    await screenshot(page, 'desktop-recover');

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Recovery key').fill(recoveryKey.replace(/[A-Z]/, (c) => (c === 'A' ? 'B' : 'A')));
    await page.getByLabel('Password (at least 10 characters)').fill(newPassword);
    await page.getByLabel('Repeat the password').fill(newPassword);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('alert').waitFor();
    // The wrong key changed nothing: the first password still passes the password step.
    const stillValid = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: firstPassword }),
    });
    expect(stillValid.status).toBe(200);
    await page.getByLabel('Recovery key').fill(recoveryKey);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await page.getByText('every file stays readable').waitFor();
    await expectAccessible(page, 'recover done');

    await signIn(page, server.url, email, newPassword);
    await drive.open('note.txt');
    await page.locator('.text-preview', { hasText: note }).waitFor();
    await drive.closeDialog();
    expect(trouble.errors).toEqual([]);
    expect(trouble.dialogs).toEqual([]);
  });

  it('the old password no longer signs in', async () => {
    const response = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: firstPassword }),
    });
    expect(response.status).toBe(401);
  });
});
