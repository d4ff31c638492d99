import { execFileSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, screenshot, watchForTrouble } from './support/browser.js';
import { startBrowserServer, type BrowserServer } from './support/browser-server.js';
import { DrivePage } from './support/drive-page.js';
import { text } from './support/fixtures.js';

const email = 'settings@example.com';
const password = 'a long enough password';

/** Debian's oathtool computes the authenticator code, as a phone app would; `ahead` picks a later 30 s step. */
function totpCode(secret: string, ahead = false): string {
  return execFileSync('oathtool', ['--totp', '-b', ...(ahead ? ['-N', 'now + 30 seconds'] : []), secret], { encoding: 'utf8' }).trim();
}

/** The settings screen end to end: tus uploads, authenticator enrolment and sign-in, app passwords, sessions. */
describe('settings in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let other: BrowserContext;
  let otherPage: Page;
  let drive: DrivePage;
  let trouble: ReturnType<typeof watchForTrouble>;
  let secret = '';

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await context.newPage();
    trouble = watchForTrouble(page);
    drive = new DrivePage(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signIn(target: Page): Promise<void> {
    await target.goto(`${server.url}/sign-in`);
    await target.getByLabel('Email').fill(email);
    await target.getByLabel('Password').fill(password);
    await target.getByRole('button', { name: 'Sign in' }).click();
  }

  it('sets up the account, and a second browser signs in too', async () => {
    await page.goto(server.setupLink);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password (at least 10 characters)').fill(password);
    await page.getByLabel('Repeat the password').fill(password);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByTestId('recovery-key').waitFor();
    await page.getByLabel(/stored my recovery key/).check();
    await page.getByRole('button', { name: 'Continue to my drive' }).click();
    await page.getByText('This folder is empty').waitFor();
    other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    otherPage = await other.newPage();
    await signIn(otherPage);
    await otherPage.getByText('This folder is empty').waitFor();
  });

  it('uploads through tus (creation, then PATCH), with progress to completion', async () => {
    const tusRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/v1/uploads')) tusRequests.push(request.method());
    });
    await drive.uploadByChooser([text('through-tus.txt', 'resumable bytes')]);
    await drive.toast('success', 'Uploaded through-tus.txt.');
    await drive.waitForItem('through-tus.txt');
    expect(tusRequests).toContain('POST');
    expect(tusRequests).toContain('PATCH');
  });

  it('resumes a tus upload after a dropped connection, terminates it on cancel and starts it again on retry', async () => {
    const methods: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/v1/uploads/')) methods.push(request.method());
    });
    let dropped = false;
    await page.route('**/api/v1/uploads/*', (route) => {
      if (route.request().method() !== 'PATCH' || dropped) return route.continue();
      dropped = true;
      return route.abort('connectionreset');
    });
    await drive.uploadByChooser([text('dropped-once.txt', 'bytes that survive a dropped connection')]);
    await drive.toast('success', 'Uploaded dropped-once.txt.');
    await page.unrouteAll();
    expect(dropped).toBe(true);
    // tus-js-client asks the server where to resume (HEAD) before sending again.
    expect(methods.indexOf('HEAD')).toBeGreaterThan(methods.indexOf('PATCH'));

    methods.length = 0;
    await page.route('**/api/v1/uploads/*', (route) => (route.request().method() === 'PATCH' ? undefined : route.continue()));
    // Not uploadByChooser: that waits for the file to appear, and this one is held back.
    await page.getByTestId('file-input').setInputFiles([text('cancel-me.txt', 'never finished')]);
    await drive.confirmUpload();
    await expect.poll(() => methods.includes('PATCH')).toBe(true);
    await page.getByRole('button', { name: 'Cancel cancel-me.txt' }).click();
    const item = page.getByTestId('upload-item').filter({ hasText: 'cancel-me.txt' });
    await item.getByText('Cancelled').waitFor();
    await expect.poll(() => methods.includes('DELETE')).toBe(true);
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await page.getByRole('button', { name: 'Retry cancel-me.txt' }).click();
    await drive.toast('success', 'Uploaded cancel-me.txt.');
    await drive.waitForItem('cancel-me.txt');
  });

  it('shows the settings screen without serious accessibility violations', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByRole('heading', { name: 'Two-step sign-in' }).waitFor();
    await page.getByRole('heading', { name: 'Sessions and app passwords' }).waitFor();
    await page.getByRole('list', { name: 'Sessions' }).getByRole('listitem').nth(1).waitFor();
    await expectAccessible(page, 'settings');
    await screenshot(page, 'desktop-settings-security');
  });

  it('enrols an authenticator app with a code from oathtool and shows recovery codes once', async () => {
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const secretText = page.getByTestId('totp-secret');
    await secretText.waitFor();
    secret = (await secretText.textContent())?.trim() ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.getByTestId('totp-uri').textContent()).toContain(`secret=${secret}`);
    const qr = page.getByRole('img', { name: 'QR code for your authenticator app' });
    expect(await qr.getAttribute('src')).toMatch(/^blob:/);
    await page.waitForFunction(() => {
      const img = (
        globalThis as unknown as { document: { querySelector(s: string): { complete: boolean; naturalWidth: number } | null } }
      ).document.querySelector('img.totp-qr');
      return img !== null && img.complete && img.naturalWidth > 0;
    });
    await expectAccessible(page, 'totp enrolment');
    await page.getByLabel('Code from the app').fill('000000' === totpCode(secret) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Confirm and turn on' }).click();
    await drive.toast('error', /code/i);
    await page.getByLabel('Code from the app').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Confirm and turn on' }).click();
    await drive.toast('success', 'Authenticator app turned on.');
    const codes = page.getByTestId('recovery-codes');
    await codes.waitFor();
    expect((await codes.textContent())?.length).toBeGreaterThan(20);
    await page.getByText('Authenticator app: on').waitFor();
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await codes.waitFor({ state: 'detached' });
  });

  it('signs out and signs in again with the authenticator code', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signIn(page);
    const method = page.getByLabel('Second factor');
    if ((await method.count()) > 0) await method.selectOption('totp');
    // The enrolment burnt the current 30 s step; the next one is accepted (one step of clock drift either way).
    await page.getByRole('textbox', { name: 'Code from your authenticator app' }).fill(totpCode(secret, true));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('through-tus.txt').waitFor();
  });

  it('creates an app password and shows it once', async () => {
    await page.goto(`${server.url}/settings`);
    await page.getByLabel('Name (which program uses it)').fill('Laptop sync');
    await page.getByLabel('Access').selectOption('dav');
    await page.getByRole('button', { name: 'Create app password' }).click();
    await drive.toast('success', 'App password created.');
    const shown = page.getByTestId('app-password');
    const token = (await shown.textContent())?.trim() ?? '';
    expect(token.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy' }).click();
    await drive.toast('success', 'App password copied.');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(token);
    await page.getByRole('list', { name: 'Sessions' }).getByText('Laptop sync').waitFor();
  });

  it('signs out every other session; the other browser is back at sign-in', async () => {
    await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
    await drive.toast('success', 'Signed out everywhere else.');
    await expect.poll(async () => page.getByRole('list', { name: 'Sessions' }).getByRole('listitem').count()).toBe(1);
    await page.getByText('this browser').waitFor();
    await otherPage.reload();
    await otherPage.getByRole('heading', { name: 'Sign in to Coffer' }).waitFor();
    await other.close();
  });

  it('fits a 360 px phone screen', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('heading', { name: 'Delete my account' }).scrollIntoViewIfNeeded();
    const width = await page.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(360);
    await expectAccessible(page, 'phone settings');
    await screenshot(page, 'phone-settings');
  });

  it('downloads the export; deleting the account asks for the password and keeps the last administrator', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download my data' }).click();
    await drive.toast('info', 'Your export is downloading.');
    expect((await download).suggestedFilename()).toMatch(/\.zip$/);
    expect(await page.getByRole('button', { name: 'Delete my account' }).isDisabled()).toBe(true);
    await page.getByLabel(/files will be gone for good/).check();
    // Enter submits: on a phone, earlier error toasts (kept until dismissed) may cover the button.
    await page.getByLabel('Password (to confirm)').fill('not my password');
    await page.getByLabel('Password (to confirm)').press('Enter');
    await drive.toast('error', 'The password is wrong.');
    // The only account here is the only administrator: the server refuses, and the screen says why.
    await page.getByLabel('Password (to confirm)').fill(password);
    await page.getByLabel('Password (to confirm)').press('Enter');
    await drive.toast('error', 'The last administrator cannot delete their account.');
    await page.goto(`${server.url}/`);
    await drive.waitForItem('through-tus.txt');
    expect(trouble.errors).toEqual([]);
    expect(trouble.cspViolations).toEqual([]);
  });
});
