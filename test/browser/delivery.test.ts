import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, screenshot, watchForTrouble } from './support/browser.js';
import { startBrowserServer, type BrowserServer } from './support/browser-server.js';
import { DrivePage } from './support/drive-page.js';
import type { FilePayload } from './support/fixtures.js';
import { SmtpSink } from '../support/smtp-sink.js';
import { deliveryCodeFor, deliveryLinkFor } from '../support/delivery-client.js';

const doctor = 'doctor@example.com';
const patient = 'patient@example.com';
const password = 'a long enough password';
const report: FilePayload = { name: 'blood-test-report.pdf', mimeType: 'application/pdf', buffer: randomBytes(700 * 1024) };

/**
 * The model case in Chromium, every mail through a real SMTP server on loopback: a doctor sends a report from the
 * Share dialog to a patient's address; the patient opens the link from the mail, enters the code mailed at that
 * moment, and downloads bytes identical to the upload, decrypted in the browser; the doctor then sees "downloaded".
 */
describe('secure delivery by email in Chromium', () => {
  let smtp: SmtpSink;
  let server: BrowserServer;
  let browser: Browser;
  let sender: BrowserContext;
  let page: Page;
  let drive: DrivePage;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    server = await startBrowserServer(smtp.env());
    browser = await launchChromium();
    sender = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await sender.newPage();
    drive = new DrivePage(page);
    await setUpWithMail(page);
    await drive.uploadByChooser([report]);
  }, 90_000);
  /** With mail set up, the administrator signs in after setup with the code mailed to them. */
  async function setUpWithMail(target: Page): Promise<void> {
    await target.goto(server.setupLink);
    await target.getByLabel('Email').fill(doctor);
    await target.getByLabel('Password (at least 10 characters)').fill(password);
    await target.getByLabel('Repeat the password').fill(password);
    await target.getByRole('button', { name: 'Create administrator' }).click();
    await target.getByTestId('recovery-key').waitFor();
    // Setup's own sign-in stops at the code step; its code is not used.
    await smtp.code(doctor);
    await target.goto(`${server.url}/sign-in`);
    await target.getByLabel('Email').fill(doctor);
    await target.getByLabel('Password').fill(password);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.getByRole('textbox', { name: 'Code sent by email' }).fill(await smtp.code(doctor));
    await target.getByRole('button', { name: 'Continue' }).click();
    await target.getByRole('navigation', { name: 'Folder path' }).waitFor();
  }

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it('a report sent to a patient opens with the mailed code, downloads identical bytes, and the sender sees "downloaded"', async () => {
    const trouble = watchForTrouble(page);
    await drive.select(report.name);
    await drive.act('Share');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Send to (email addresses)').fill(patient);
    await dialog.getByLabel('Message (optional)').fill('Your blood test results. Call us with any questions.');
    await dialog.getByLabel('Email me on first download').check();
    await dialog.getByRole('button', { name: 'Send', exact: true }).click();
    const row = dialog.locator(`[data-testid="delivery-row"][data-email="${patient}"]`);
    await row.and(page.locator('[data-state="sent"]')).waitFor();
    await row.scrollIntoViewIfNeeded();
    await expectAccessible(page, 'share dialog with a delivery');
    await screenshot(page, 'desktop-share-delivery');
    await drive.closeDialog();

    // The patient: the link from the mail, then the code mailed when the page opens.
    const link = await deliveryLinkFor(smtp, patient);
    expect(link.mail).toContain('Your blood test results.');
    const patientContext = await browser.newContext({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
    const patientPage = await patientContext.newPage();
    const patientTrouble = watchForTrouble(patientPage);
    const requests: string[] = [];
    patientPage.on('request', (request) => requests.push(request.url() + (request.postData() ?? '')));
    await patientPage.goto(server.url + link.path);
    await patientPage.waitForSelector('body[data-state="code"]');
    await patientPage.getByText('We sent a 6-digit code to p***@example.com').waitFor();
    const code = await deliveryCodeFor(smtp, patient);
    await patientPage.getByLabel('Code from the email').fill(code === '000000' ? '000001' : '000000');
    await patientPage.getByRole('button', { name: 'Open' }).click();
    await patientPage.getByText('The code is wrong.').waitFor();
    await patientPage.getByLabel('Code from the email').fill(code);
    await patientPage.getByRole('button', { name: 'Open' }).click();
    await patientPage.waitForSelector('body[data-state="ready"]', { timeout: 20_000 });
    expect(await patientPage.textContent('#title')).toBe(report.name);
    await screenshot(patientPage, 'phone-delivery-opened');
    const [download] = await Promise.all([patientPage.waitForEvent('download'), patientPage.click('#download')]);
    expect(readFileSync((await download.path())!).equals(report.buffer)).toBe(true);
    expect(requests.some((r) => r.includes(link.secret))).toBe(false);
    expect(patientTrouble.errors).toEqual([]);
    expect(patientTrouble.cspViolations).toEqual([]);

    // The sender is told by mail, sees "downloaded" through the API and in the Share dialog.
    expect((await smtp.next(doctor, /downloaded what you sent/)).text).toContain(patient);
    const listed = await page.evaluate(async () => (await (await fetch('/api/v1/deliveries')).json()) as { deliveries: any[] });
    expect(listed.deliveries[0].recipients[0]).toMatchObject({ email: patient, state: 'downloaded' });
    expect(listed.deliveries[0].recipients[0].downloadedAt).not.toBeNull();
    await drive.select(report.name);
    await drive.act('Share');
    const downloaded = page.getByRole('dialog').locator(`[data-testid="delivery-row"][data-email="${patient}"][data-state="downloaded"]`);
    await downloaded.waitFor();
    expect(await downloaded.getByTestId('delivery-status').textContent()).toMatch(/sent .+ · opened .+ · downloaded .+/);
    await downloaded.scrollIntoViewIfNeeded();
    await screenshot(page, 'desktop-share-delivery-downloaded');

    // Revoking from the dialog closes the link: the patient's page now says so and gets nothing.
    await downloaded.getByRole('button', { name: `Revoke ${patient}` }).click();
    await page.getByRole('dialog').locator(`[data-testid="delivery-row"][data-email="${patient}"][data-state="revoked"]`).waitFor();
    await drive.closeDialog();
    await patientPage.reload();
    await patientPage.getByRole('heading', { name: 'This link is not available' }).waitFor({ timeout: 20_000 });
    await patientContext.close();
    expect(trouble.errors).toEqual([]);
  });
});
