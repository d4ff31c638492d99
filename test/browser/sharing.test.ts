import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserInConsole, setUpAdministrator, signIn } from './support/accounts-page.js';
import { expectAccessible, launchChromium, screenshot, watchForTrouble } from './support/browser.js';
import { startBrowserServer, type BrowserServer } from './support/browser-server.js';
import { DrivePage } from './support/drive-page.js';
import type { FilePayload } from './support/fixtures.js';

const password = 'a long enough password';
const ownerEmail = 'alice@example.com';
const recipientEmail = 'bob@example.com';
const file: FilePayload = { name: 'report.bin', mimeType: 'application/octet-stream', buffer: randomBytes(300 * 1024) };

async function savedBytes(download: Promise<Download>): Promise<Buffer> {
  const path = await (await download).path();
  return readFileSync(path);
}

/** Sharing in Chromium: A shares a file with B and by link; B and an anonymous visitor get the same bytes. */
describe('sharing in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let owner: BrowserContext;
  let page: Page;
  let drive: DrivePage;
  let trouble: ReturnType<typeof watchForTrouble>;

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchChromium();
    owner = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await owner.newPage();
    trouble = watchForTrouble(page);
    drive = new DrivePage(page);
    await setUpAdministrator(page, server.setupLink, ownerEmail, password);
    await createUserInConsole(page, recipientEmail, password);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My files' }).click();
    await drive.uploadByChooser([file]);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('A shares a file with B, who sees it under Shared with me and downloads identical bytes', async () => {
    await drive.select(file.name);
    await drive.act('Share');
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Nobody else has access.').waitFor();
    await dialog.getByLabel('Share with (email)').fill(recipientEmail);
    await dialog.getByRole('button', { name: 'Share', exact: true }).click();
    await dialog.locator(`[data-testid="share-row"][data-email="${recipientEmail}"]`).waitFor();
    await expectAccessible(page, 'share dialog');
    await screenshot(page, 'desktop-share-dialog');
    await drive.closeDialog();

    const recipient = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const bob = await recipient.newPage();
    const bobTrouble = watchForTrouble(bob);
    await signIn(bob, server.url, recipientEmail, password);
    await bob.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Shared with me' }).click();
    const item = bob.locator(`[data-testid="shared-item"][data-name="${file.name}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain(ownerEmail);
    await expectAccessible(bob, 'shared with me');
    await screenshot(bob, 'desktop-shared-with-me');
    const download = bob.waitForEvent('download');
    await item.getByRole('link', { name: `Download ${file.name}` }).click();
    expect((await savedBytes(download)).equals(file.buffer)).toBe(true);

    // Leaving removes it from B's list.
    await item.getByRole('button', { name: 'Leave' }).click();
    await bob.getByRole('dialog').getByRole('button', { name: 'Leave' }).click();
    await item.waitFor({ state: 'detached' });
    await bob.getByText('Nothing has been shared with you yet.').waitFor();
    expect(bobTrouble.errors).toEqual([]);
    await recipient.close();
  });

  it('A creates a link; an anonymous browser opens it and downloads identical bytes', async () => {
    await drive.select(file.name);
    await drive.act('Share');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Download limit (optional)').fill('5');
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const shown = dialog.getByTestId('link-url');
    await shown.waitFor();
    const url = (await shown.textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${server.url}/s/[^#]+#.{20,}$`));
    await dialog.getByTestId('link-row').first().waitFor();
    await screenshot(page, 'desktop-share-link');
    await drive.closeDialog();

    const anonymous = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const visitor = await anonymous.newPage();
    await visitor.goto(url);
    await visitor.getByRole('heading', { name: file.name }).waitFor({ timeout: 20_000 });
    const download = visitor.waitForEvent('download');
    await visitor.getByRole('button', { name: 'Download' }).click();
    expect((await savedBytes(download)).equals(file.buffer)).toBe(true);
    await anonymous.close();

    // Revoking the link from the dialog closes it for everyone; its history shows the visit first.
    await drive.select(file.name);
    await drive.act('Share');
    await page.getByRole('dialog').getByTestId('link-row').getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('dialog').getByTestId('access-history');
    await history.waitFor();
    expect((await history.getByRole('listitem').allTextContents()).map((text) => text.split(' · ')[0])).toEqual(['Link created', 'Opened', 'Downloaded']);
    await page.getByRole('dialog').getByTestId('link-row').getByRole('button', { name: 'Revoke' }).click();
    await drive.toast('success', 'Link revoked.');
    await page.getByRole('dialog').getByTestId('link-row').waitFor({ state: 'detached' });
    await drive.closeDialog();
    const late = await browser.newContext();
    const latePage = await late.newPage();
    await latePage.goto(url);
    await latePage.getByRole('heading', { name: 'This link is not available' }).waitFor({ timeout: 20_000 });
    await late.close();
    expect(trouble.errors).toEqual([]);
  });
});
