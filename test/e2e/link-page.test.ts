import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/http-client.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';
import { makeFolder, MiB, randomData, uploadFile } from '../support/integration-helpers.js';
import { launchChromium } from './support/chromium.js';

/** The link recipient page in a real Chromium: the browser decrypts files and names with WebCrypto. */
describe('link recipient page in Chromium', () => {
  let server: TestServer;
  let client: TestClient;
  let rootId: string;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, client, rootId } = await startSignedIn('sqlite'));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function link(body: Record<string, unknown>): Promise<{ id: string; url: string }> {
    const created = await client.json('POST', '/links', body);
    expect(created.status).toBe(201);
    return { id: created.body.link.id, url: server.url + created.body.path };
  }

  async function openPage(url: string): Promise<{ page: Page; requests: string[] }> {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(url);
    return { page, requests };
  }

  it('decrypts a file in the browser: the downloaded bytes match, and the secret never reaches the server', async () => {
    const data = randomData(6 * MiB + 7);
    const file = await uploadFile(client, rootId, 'holiday <script>.bin', data);
    const { url } = await link({ nodeId: file.id });
    const { page, requests } = await openPage(url);
    await page.waitForSelector('body[data-state="ready"]');
    expect(await page.textContent('#title')).toBe('holiday <script>.bin');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    // The name was shown as text, not markup; Chromium itself replaces < and > in a file name it saves.
    expect(download.suggestedFilename()).toBe('holiday _script_.bin');
    expect(readFileSync((await download.path())!).equals(data)).toBe(true);
    const secret = url.split('#')[1]!;
    expect(requests.some((r) => r.includes(secret))).toBe(false);
    expect(requests.some((r) => r.includes('/objects/'))).toBe(true);
    await page.context().close();
  });

  it('browses a folder link with names decrypted in the browser, and previews text when downloading is off', async () => {
    const folder = await makeFolder(client, rootId, 'Shared folder');
    const sub = await makeFolder(client, folder, 'Inner');
    await uploadFile(client, sub, 'readme.txt', 'hello from inside');
    await uploadFile(client, folder, 'top.txt', 'top level');
    const { url } = await link({ nodeId: folder, allowDownload: false });
    const { page } = await openPage(url);
    await page.waitForSelector('body[data-state="listed"]');
    expect(await page.textContent('#title')).toBe('Shared folder');
    expect(await page.locator('#listing li').allTextContents()).toEqual(['📁 Inner', 'top.txt (9 bytes)']);
    await page.click('text=📁 Inner');
    await page.waitForSelector('text=readme.txt');
    await page.click('text=readme.txt');
    await page.waitForSelector('body[data-state="done"]');
    expect(await page.textContent('#preview-text')).toBe('hello from inside');
    await page.context().close();
  });

  it('asks for the password, and shows a clear page once the link is revoked', async () => {
    const file = await uploadFile(client, rootId, 'secret.txt', 'password protected');
    const { id, url } = await link({ nodeId: file.id, password: 'letmein please' });
    const { page } = await openPage(url);
    await page.waitForSelector('body[data-state="password"]');
    await page.fill('input[name=password]', 'wrong one');
    await page.click('#password-form button');
    await page.waitForSelector('#error:has-text("wrong")');
    await page.fill('input[name=password]', 'letmein please');
    await page.click('#password-form button');
    await page.waitForSelector('body[data-state="ready"]');
    expect(await page.textContent('#title')).toBe('secret.txt');

    await client.json('DELETE', `/links/${id}`);
    await page.reload();
    await page.waitForSelector('body[data-state="unavailable"]');
    expect(await page.textContent('#title')).toBe('This link is not available');
    expect(await page.textContent('#status')).toContain('revoked');
    await page.context().close();
  });

  it('refuses to show anything when the fragment is missing or a stored object was altered', async () => {
    const file = await uploadFile(client, rootId, 'plain.txt', 'x'.repeat(40_000));
    const { url } = await link({ nodeId: file.id });
    const { page } = await openPage(url.split('#')[0]!);
    await page.waitForSelector('body[data-state="unavailable"]');
    expect(await page.textContent('#status')).toContain('incomplete');
    await page.context().close();

    // Flip one byte of the ciphertext on its way to the browser: the chunk fails to authenticate, nothing is saved.
    const tampered = await openPage('about:blank');
    await tampered.page.route('**/objects/0', async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      body[100]! ^= 1;
      await route.fulfill({ response, body });
    });
    await tampered.page.goto(url);
    await tampered.page.waitForSelector('body[data-state="ready"]');
    let downloaded = false;
    tampered.page.on('download', () => (downloaded = true));
    await tampered.page.click('#download');
    await tampered.page.waitForSelector('body[data-state="failed"]');
    expect(await tampered.page.textContent('#error')).toContain('Integrity check failed');
    expect(downloaded).toBe(false);
    await tampered.page.context().close();
  });

  it('sends files through a file request page, and the owner adopts them', async () => {
    const inbox = await makeFolder(client, rootId, 'Dropbox');
    const created = await client.json('POST', '/requests', { folderId: inbox });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url + created.body.path);
    await page.setInputFiles('input[name=files]', [
      { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('first') },
      { name: 'b.txt', mimeType: 'text/plain', buffer: Buffer.from('second') },
    ]);
    await page.click('#drop-form button');
    await page.waitForSelector('body[data-state="sent"]');
    expect(await page.locator('#sent li').allTextContents()).toEqual(['Sent: a.txt', 'Sent: b.txt']);
    await context.close();
    expect((await client.json('POST', '/requests/adopt', {})).body).toEqual({ adopted: 2 });
    const listing = await client.json('GET', `/folders/${inbox}/children`);
    expect(listing.body.items.map((i: { name: string }) => i.name)).toEqual(['a.txt', 'b.txt']);
  });
});
