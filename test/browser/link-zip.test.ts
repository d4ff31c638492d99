import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { launchChromium, watchForTrouble } from './support/browser.js';
import type { TestClient } from '../support/http-client.js';
import { makeFolder, MiB, uploadFile } from '../support/integration-helpers.js';
import { startSignedIn, type TestServer } from '../support/test-server.js';

/** Every entry of a zip: folders as '' and files as their bytes. */
function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      const entries = new Map<string, Buffer>();
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) {
          entries.set(entry.fileName, Buffer.alloc(0));
          return file.readEntry();
        }
        file.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return reject(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.on('end', () => resolve(entries));
      file.on('error', reject);
      file.readEntry();
    });
  });
}

async function savedBytes(download: Promise<Download>): Promise<Buffer> {
  return readFileSync((await (await download).path()) as string);
}

/** The zip of a folder link, written in Chromium from files it decrypted itself; view-only links and limits hold. */
describe('folder link zip in Chromium', () => {
  let server: TestServer;
  let client: TestClient;
  let browser: Browser;
  let folder: string;
  const files = new Map<string, Buffer>([
    ['notes.txt', Buffer.from('meeting notes')],
    ['Scans/scan 1.bin', randomBytes(4 * MiB + 12_345)],
    ['Scans/Old/empty.txt', Buffer.alloc(0)],
    ['Scans/Old/café résumé.txt', Buffer.from('unicode name')],
  ]);

  beforeAll(async () => {
    ({ server, client } = await startSignedIn('sqlite'));
    const rootId = (await client.json('GET', '/me')).body.rootFolderId as string;
    folder = await makeFolder(client, rootId, 'Patient files');
    const scans = await makeFolder(client, folder, 'Scans');
    const old = await makeFolder(client, scans, 'Old');
    await makeFolder(client, folder, 'Empty folder');
    const parents: Record<string, string> = { '': folder, Scans: scans, 'Scans/Old': old };
    for (const [path, data] of files) {
      const slash = path.lastIndexOf('/');
      await uploadFile(client, parents[slash < 0 ? '' : path.slice(0, slash)]!, path.slice(slash + 1), data);
    }
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function openLink(body: Record<string, unknown>): Promise<{ page: Page; id: string; trouble: ReturnType<typeof watchForTrouble> }> {
    const created = await client.json('POST', '/links', { nodeId: folder, ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    const trouble = watchForTrouble(page);
    await page.goto(`${server.url}${created.body.path}`);
    await page.getByRole('heading', { name: 'Patient files' }).waitFor({ timeout: 20_000 });
    await page.locator('body[data-state="listed"]').waitFor();
    return { page, id: created.body.link.id, trouble };
  }

  it('downloads the whole folder as one zip whose names and bytes match, counted as one download', async () => {
    const { page, id, trouble } = await openLink({ maxDownloads: 1 });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download all as zip' }).click();
    const zip = await savedBytes(download);
    expect((await download).suggestedFilename()).toBe('Patient files.zip');
    const entries = await unzip(zip);
    expect([...entries.keys()].sort()).toEqual(['Empty folder/', 'Scans/', 'Scans/Old/', ...files.keys()].sort());
    for (const [path, data] of files) expect(entries.get(path)?.equals(data), path).toBe(true);
    const link = (await client.json('GET', `/links?nodeId=${folder}`)).body.links.find((l: { id: string }) => l.id === id);
    expect(link.downloadCount).toBe(1);
    const history = await client.json('GET', `/shares/${id}/events`);
    expect(history.body.events.map((e: { kind: string }) => e.kind)).toEqual(['link.created', 'link.opened', 'link.downloaded']);
    // The limit is used up: a second zip is refused and the page says the link is not available.
    await page.getByRole('button', { name: 'Download all as zip' }).click();
    await page.getByRole('heading', { name: 'This link is not available' }).waitFor();
    expect(trouble.errors).toEqual([]);
    await page.context().close();
  });

  it('zips only the selected items', async () => {
    const { page } = await openLink({});
    await page.getByRole('checkbox', { name: 'Select notes.txt' }).check();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download selected as zip' }).click();
    const entries = await unzip(await savedBytes(download));
    expect([...entries.keys()]).toEqual(['notes.txt']);
    expect(entries.get('notes.txt')?.toString()).toBe('meeting notes');
    await page.context().close();
  });

  it('offers no zip and no selection on a view-only link', async () => {
    const { page } = await openLink({ allowDownload: false });
    expect(await page.getByRole('button', { name: 'Download all as zip' }).isVisible()).toBe(false);
    expect(await page.getByRole('checkbox').count()).toBe(0);
    await page.context().close();
  });
});
