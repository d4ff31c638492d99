import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, screenshot, watchForTrouble } from './support/browser.js';
import { startBrowserServer, type BrowserServer } from './support/browser-server.js';
import { DrivePage } from './support/drive-page.js';
import { markdown, pdf, png, text, webm } from './support/fixtures.js';

/** The parts of HTMLVideoElement the seek step uses (this file is compiled without DOM types). */
interface SeekableVideo {
  currentTime: number;
  addEventListener(type: 'seeked', listener: () => void, options: { once: boolean }): void;
}

/** Service worker and Cache Storage, as seen from the page. */
interface PageWithWorkers {
  navigator: { serviceWorker: { getRegistration(): Promise<{ active: { state: string } | null } | undefined> } };
  caches: { keys(): Promise<string[]>; open(name: string): Promise<{ keys(): Promise<Array<{ url: string }>> }> };
}

const email = 'owner@example.com';
const password = 'a long enough password';
const newPassword = 'an even longer password';
const hostileName = '<img src=x onerror=alert(1)>.html';

/**
 * The web app end to end: a real built server (dist/web), Debian's Chromium, one person's day with the
 * drive. Steps run in order and share the signed-in page, as a person's session would.
 */
describe('web app in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let drive: DrivePage;
  let trouble: ReturnType<typeof watchForTrouble>;

  beforeAll(async () => {
    server = await startBrowserServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    page = await context.newPage();
    trouble = watchForTrouble(page);
    drive = new DrivePage(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('first-run setup creates the admin and shows the recovery key once, with copy and download', async () => {
    await page.goto(server.setupLink);
    await page.getByRole('heading', { name: 'Set up Coffer' }).waitFor();
    await expectAccessible(page, 'setup');
    await screenshot(page, 'desktop-setup');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password (at least 10 characters)').fill(password);
    await page.getByLabel('Repeat the password').fill(password);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    const key = page.getByTestId('recovery-key');
    await key.waitFor();
    expect((await key.textContent())?.length).toBeGreaterThan(20);
    expect(page.url()).not.toContain('token=');
    await expectAccessible(page, 'recovery key');
    await screenshot(page, 'desktop-recovery-key');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download' }).click();
    expect((await download).suggestedFilename()).toBe('coffer-recovery-key.txt');
    const continueButton = page.getByRole('button', { name: 'Continue to my drive' });
    expect(await continueButton.isDisabled()).toBe(true);
    await page.getByLabel(/stored my recovery key/).check();
    await continueButton.click();
    await page.getByRole('navigation', { name: 'Folder path' }).waitFor();
  });

  it('signs out and signs in again; a wrong password is reported', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Coffer' }).waitFor();
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'desktop-sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await drive.toast('error', 'The email or password is wrong.');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('This folder is empty').waitFor();
    await expectAccessible(page, 'empty folder');
  });

  it('uploads by the file chooser and by drag and drop', async () => {
    await drive.uploadByChooser([png, pdf, webm, markdown]);
    await drive.toast('success', 'Uploaded 4 files.');
    await drive.dropFiles([text('dropped.txt', 'dropped by drag and drop')]);
    await expectAccessible(page, 'files list');
    await screenshot(page, 'desktop-files-list');
  });

  it('previews an image, a PDF and Markdown (without running its HTML)', async () => {
    await drive.open(png.name);
    const image = page.getByTestId('image-preview');
    await expect.poll(() => image.evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth)).toBe(192);
    await expectAccessible(page, 'image preview');
    await screenshot(page, 'desktop-preview-image');
    await drive.closeDialog();

    await drive.open(pdf.name);
    await expect.poll(() => page.getByTestId('pdf-preview').getAttribute('data-pages'), { timeout: 20_000 }).toBe('1');
    const canvas = page.locator('canvas.pdf-page');
    await canvas.waitFor();
    expect(await canvas.evaluate((c: { width: number }) => c.width)).toBeGreaterThan(100);
    await screenshot(page, 'desktop-preview-pdf');
    await drive.closeDialog();

    await drive.open(markdown.name);
    await page.locator('.markdown-preview h1', { hasText: 'Notes' }).waitFor();
    expect(await page.locator('.markdown-preview script').count()).toBe(0);
    expect(await page.locator('.markdown-preview a[href^="javascript"]').count()).toBe(0);
    await drive.closeDialog();
  });

  it('plays a video and seeks in it with Range requests', async () => {
    const ranges: string[] = [];
    page.on('request', (request) => {
      const range = request.headers()['range'];
      if (request.url().includes('/content') && range) ranges.push(range);
    });
    await drive.open(webm.name);
    const video = page.getByTestId('video-preview');
    await expect.poll(() => video.evaluate((v: { readyState: number }) => v.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    const seeked = await video.evaluate(
      (v: SeekableVideo) =>
        new Promise<number>((resolve) => {
          v.addEventListener('seeked', () => resolve(v.currentTime), { once: true });
          v.currentTime = 2;
        }),
    );
    expect(seeked).toBeGreaterThan(1.5);
    expect(ranges.length).toBeGreaterThan(0);
    await drive.closeDialog();
  });

  it('uploads a folder with its subfolders', async () => {
    await page.getByTestId('folder-input').setInputFiles(path.resolve('test/fixtures/upload-folder'));
    await drive.confirmUpload();
    await drive.waitForItem('upload-folder');
    await drive.toast('success', 'Uploaded 2 files.');
    await drive.open('upload-folder');
    await drive.waitForItem('inner');
    await drive.waitForItem('top.txt');
    expect(page.url()).toMatch(/\/files\/upload-folder$/);
    await drive.open('inner');
    await drive.waitForItem('deep.txt');
    await page.goBack();
    await drive.waitForItem('top.txt');
    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: 'My files' }).click();
    await drive.waitForItem(png.name);
  });

  it('renames, moves, deletes to the trash and restores', async () => {
    await drive.select('dropped.txt');
    await drive.act('Rename');
    await page.getByLabel('New name').fill('renamed.txt');
    await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click();
    await drive.toast('success', 'Renamed to renamed.txt.');
    await drive.waitForItem('renamed.txt');

    await drive.select('renamed.txt');
    await drive.act('Move');
    const picker = page.getByRole('dialog');
    await picker.getByRole('button', { name: 'upload-folder' }).click();
    await expectAccessible(page, 'folder picker');
    await picker.getByRole('button', { name: 'Move to upload-folder' }).click();
    await drive.toast('success', 'Moved renamed.txt.');
    await drive.item('renamed.txt').waitFor({ state: 'detached' });

    await drive.select(markdown.name);
    await drive.act('Delete');
    await expectAccessible(page, 'delete confirmation');
    await page.getByRole('dialog').getByRole('button', { name: 'Move to trash' }).click();
    await drive.toast('success', `Moved to trash: ${markdown.name}.`);
    await drive.item(markdown.name).waitFor({ state: 'detached' });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trash' }).click();
    const trashed = page.locator(`[data-testid="trash-item"][data-name="${markdown.name}"]`);
    await trashed.waitFor();
    await expectAccessible(page, 'trash');
    await screenshot(page, 'desktop-trash');
    await trashed.getByRole('button', { name: 'Restore' }).click();
    await drive.toast('success', `Restored ${markdown.name}.`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My files' }).click();
    await drive.waitForItem(markdown.name);
  });

  it('keeps versions and restores an earlier one', async () => {
    await drive.uploadByChooser([text('report.txt', 'first draft')]);
    await page.getByTestId('file-input').setInputFiles([text('report.txt', 'second draft, longer')]);
    await drive.confirmUpload();
    await drive.toast('success', 'Uploaded report.txt (version 2).');
    await drive.select('report.txt');
    await drive.act('Versions');
    await expect.poll(() => page.getByTestId('version').count()).toBe(2);
    await expectAccessible(page, 'versions');
    await screenshot(page, 'desktop-versions');
    await page.getByTestId('version').filter({ hasText: 'Version 1' }).getByRole('button', { name: 'Restore' }).click();
    await drive.toast('success', 'Version 1 restored.');
    await drive.closeDialog();
    await drive.open('report.txt');
    await page.locator('.text-preview', { hasText: 'first draft' }).waitFor();
    await drive.closeDialog();
  });

  it('uploads with a custom passphrase and needs it to open and download', async () => {
    await drive.uploadByChooser([text('secret.txt', 'only with the passphrase')], 'horse staple');
    await drive.open('secret.txt');
    await page.getByText('This file is protected by its own passphrase.').waitFor();
    await page.getByRole('dialog').getByLabel('Passphrase').fill('wrong one');
    await page.getByRole('dialog').getByRole('button', { name: 'Unlock' }).click();
    await drive.toast('error', 'The passphrase for this file is wrong.');
    await page.getByRole('dialog').getByLabel('Passphrase').fill('horse staple');
    await page.getByRole('dialog').getByRole('button', { name: 'Unlock' }).click();
    await page.locator('.text-preview', { hasText: 'only with the passphrase' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('dialog').getByRole('button', { name: 'Download' }).click();
    const saved = await (await download).path();
    expect(readFileSync(saved, 'utf8')).toBe('only with the passphrase');
    await drive.closeDialog();
  });

  it('downloads a multi-selection as one zip, selected with Ctrl-click and Shift-click', async () => {
    await drive.select(pdf.name);
    await drive.item(png.name).click({ position: { x: 120, y: 10 }, modifiers: ['Shift'] });
    await expect.poll(() => page.locator('[data-testid="file-item"][aria-selected="true"]').count()).toBeGreaterThanOrEqual(3);
    await drive.item('upload-folder').click({ position: { x: 120, y: 10 }, modifiers: ['Control'] });
    const download = page.waitForEvent('download');
    await drive.act('Download');
    const file = await download;
    expect(file.suggestedFilename()).toBe('My files.zip');
    const bytes = readFileSync(await file.path());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const names = bytes.toString('latin1');
    for (const name of [pdf.name, png.name, 'upload-folder/inner/deep.txt']) expect(names).toContain(name);
  });

  it('filters, sorts, switches to the grid and searches the whole drive', async () => {
    await page.getByLabel('Filter this folder').fill('pad');
    await expect.poll(() => page.getByTestId('file-item').count()).toBe(1);
    await page.getByLabel('Filter this folder').fill('');
    await page.getByLabel('Sort by').selectOption('size');
    await page.getByRole('button', { name: 'Grid' }).click();
    await drive.waitForItem(png.name);
    await expectAccessible(page, 'files grid');
    await screenshot(page, 'desktop-files-grid');
    await page.getByRole('button', { name: 'List' }).click();
    await page.getByLabel('Search the drive').fill('deep');
    await page.getByLabel('Search the drive').press('Enter');
    await drive.waitForItem('deep.txt');
    await page.getByText('in /upload-folder/inner').waitFor();
    await expectAccessible(page, 'search');
    await screenshot(page, 'desktop-search');
  });

  it('scrolls a long folder and selects with the keyboard', async () => {
    const headers = { 'x-coffer-request': '1' };
    const root = await (await page.request.get(`${server.url}/api/v1/resolve?path=/`)).json();
    const many = await (await page.request.post(`${server.url}/api/v1/folders`, { headers, data: { parentId: root.node.id, name: 'many' } })).json();
    for (let n = 0; n < 150; n++) await page.request.post(`${server.url}/api/v1/folders`, { headers, data: { parentId: many.id, name: `folder ${n}` } });
    await page.goto(`${server.url}/files/many`);
    await drive.waitForItem('folder 0');
    expect(await page.getByTestId('file-item').count()).toBeLessThan(60);
    await page.locator('.file-list').evaluate((list: { scrollTop: number; scrollHeight: number }) => {
      list.scrollTop = list.scrollHeight;
    });
    await drive.waitForItem('folder 149');
    await drive.item('folder 149').click({ position: { x: 120, y: 10 } });
    await page.keyboard.press('Shift+ArrowUp');
    await page.keyboard.press('Shift+ArrowUp');
    await expect.poll(() => page.locator('[data-testid="file-item"][aria-selected="true"]').count()).toBe(3);
    await page.keyboard.press('Control+a');
    await page.getByText('150 selected').waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Home');
    await drive.waitForItem('folder 0');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.url()).toMatch(/\/files\/many\/folder%200$/);
    await page.goBack();
    await drive.waitForItem('folder 0');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My files' }).click();
    await drive.waitForItem(png.name);
    expect(trouble.errors).toEqual([]);
  });

  it('installs as a PWA whose service worker keeps only the app shell', async () => {
    const manifest = await (await page.request.get(`${server.url}/manifest.webmanifest`)).json();
    expect(manifest.icons.map((icon: { sizes: string }) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    await expect
      .poll(() => page.evaluate(async () => (await (globalThis as unknown as PageWithWorkers).navigator.serviceWorker.getRegistration())?.active?.state))
      .toBe('activated');
    await page.reload();
    await drive.waitForItem(png.name);
    await drive.open(png.name);
    await page.getByTestId('image-preview').waitFor();
    await drive.closeDialog();
    const cached = await page.evaluate(async () => {
      const { caches } = globalThis as unknown as PageWithWorkers;
      const urls: string[] = [];
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(cached).toContain('/');
    expect(cached.filter((url) => url.startsWith('/api/'))).toEqual([]);
  });

  it('changes the password in settings', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Current password').fill(password);
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat the new password').fill(newPassword);
    await expectAccessible(page, 'settings');
    await screenshot(page, 'desktop-settings');
    await page.getByRole('button', { name: 'Change password' }).click();
    await drive.toast('success', 'Password changed.');
  });

  it('never runs script from a file named like markup', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My files' }).click();
    const hostile = text(hostileName, '<script>alert(2)</script><img src=x onerror=alert(3)>');
    await drive.uploadByChooser([{ ...hostile, mimeType: 'text/html' }]);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await drive.open(hostileName);
    await page.locator('.text-preview', { hasText: '<script>alert(2)</script>' }).waitFor();
    await drive.closeDialog();
    // Straight to the content URL, as a link would: it must come as a download, never as a page of ours.
    const response = await page.request.get(`${server.url}/api/v1/search?q=onerror`);
    const hit = ((await response.json()) as { hits: Array<{ node: { id: string } }> }).hits[0]!;
    const content = await page.request.get(`${server.url}/api/v1/files/${hit.node.id}/content?inline=1`);
    expect(content.headers()['content-disposition']).toMatch(/^attachment/);
    expect(content.headers()['content-type']).toBe('application/octet-stream');
    expect(content.headers()['content-security-policy']).toContain('sandbox');
    const other = await context.newPage();
    const otherTrouble = watchForTrouble(other);
    await other.goto(`${server.url}/api/v1/files/${hit.node.id}/content?inline=1`).catch(() => undefined);
    await other.waitForTimeout(300);
    await other.close();
    expect(otherTrouble.dialogs).toEqual([]);
    expect(trouble.dialogs).toEqual([]);
    expect(trouble.errors).toEqual([]);
    expect(trouble.cspViolations).toEqual([]);
  });

  it('works on a 360 px wide phone screen, in the dark theme', async () => {
    // The phone also checks the dark theme (the system's choice) against axe's contrast rules.
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, colorScheme: 'dark' });
    const phonePage = await phone.newPage();
    await phonePage.goto(`${server.url}/sign-in`);
    await phonePage.getByLabel('Email').fill(email);
    await phonePage.getByLabel('Password').fill(newPassword);
    await screenshot(phonePage, 'phone-sign-in');
    await phonePage.getByRole('button', { name: 'Sign in' }).click();
    const phoneDrive = new DrivePage(phonePage);
    await phoneDrive.waitForItem(png.name);
    expect(
      await phonePage.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(360);
    await expectAccessible(phonePage, 'phone files');
    await screenshot(phonePage, 'phone-files');
    await phonePage.getByRole('button', { name: 'Menu' }).click();
    await phonePage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Trash' }).waitFor();
    await screenshot(phonePage, 'phone-menu');
    await phonePage.getByRole('button', { name: 'Menu' }).click();
    await phoneDrive.open(png.name);
    await phonePage.getByTestId('image-preview').waitFor();
    await expectAccessible(phonePage, 'phone preview');
    await screenshot(phonePage, 'phone-preview');
    await phone.close();
  });
});
