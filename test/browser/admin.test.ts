import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserInConsole, setUpAdministrator, signIn } from './support/accounts-page.js';
import { expectAccessible, launchChromium, screenshot, watchForTrouble } from './support/browser.js';
import { startBrowserServer, type BrowserServer } from './support/browser-server.js';
import { DrivePage } from './support/drive-page.js';
import { text } from './support/fixtures.js';

const adminEmail = 'admin@example.com';
const password = 'a long enough password';
const userEmail = 'carol@example.com';

/** The admin console in Chromium: accounts, quota, scrub; and that a plain user never sees it. */
describe('admin console in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let trouble: ReturnType<typeof watchForTrouble>;

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    trouble = watchForTrouble(page);
    await setUpAdministrator(page, server.setupLink, adminEmail, password);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a user (recovery key shown once) and changes the quota', async () => {
    await createUserInConsole(page, userEmail, password);
    const row = page.locator(`[data-testid="user-row"][data-email="${userEmail}"]`);
    expect(await row.getByTestId('user-quota').textContent()).toBe('Unlimited');
    await expectAccessible(page, 'admin users');
    await screenshot(page, 'desktop-admin-users');

    await row.getByRole('button', { name: `Edit ${userEmail}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Quota in GB (0 for unlimited)').fill('2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => row.getByTestId('user-quota').textContent()).toBe('2.0 GB');
  });

  it('asks before an admin password reset, stating that the files are lost', async () => {
    const row = page.locator(`[data-testid="user-row"][data-email="${userEmail}"]`);
    await row.getByRole('button', { name: 'Reset password' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('All files of this account become unreadable and are removed.').waitFor();
    const confirm = dialog.getByRole('button', { name: 'Reset password and remove files' });
    expect(await confirm.isDisabled()).toBe(true);
    await expectAccessible(page, 'admin password reset');
    await screenshot(page, 'desktop-admin-reset-password');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows a scrub report after "Run scrub"', async () => {
    // Something to scrub: one file in the admin's drive.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My files' }).click();
    await new DrivePage(page).uploadByChooser([text('scrub-me.txt', 'bytes for the scrub to verify')]);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('button', { name: 'Server and storage' }).click();
    await page.getByTestId('server-health').waitFor();
    await page.getByRole('button', { name: 'Run scrub' }).click();
    const report = page.getByTestId('scrub-report');
    await report.waitFor({ timeout: 20_000 });
    await expect.poll(() => report.getByTestId('scrub-objects').textContent()).not.toBe('0');
    expect(await report.getByTestId('scrub-unrepaired').textContent()).toBe('0');
    await expectAccessible(page, 'admin storage');
    await screenshot(page, 'desktop-admin-storage');
  });

  it('lists security events without file names', async () => {
    await page.getByRole('button', { name: 'Security events' }).click();
    await page.getByRole('heading', { name: 'Security events' }).waitFor();
    await page.getByTestId('admin-event').first().waitFor();
    expect(await page.locator('main').textContent()).not.toContain('scrub-me.txt');
    await expectAccessible(page, 'admin events');
    await screenshot(page, 'desktop-admin-events');
  });

  it('hides the console from a plain user', async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const userPage = await other.newPage();
    await signIn(userPage, server.url, userEmail, password);
    expect(await userPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await userPage.goto(`${server.url}/admin`);
    await userPage.getByRole('navigation', { name: 'Main' }).waitFor();
    expect(await userPage.getByRole('heading', { name: 'Administration' }).count()).toBe(0);
    await other.close();
    expect(trouble.errors).toEqual([]);
  });
});
