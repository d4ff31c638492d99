import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../support/outbox.js';
import { freePort } from '../support/webauthn-page.js';
import { setUpAdministrator } from './support/accounts-page.js';
import { expectAccessible, launchChromium, screenshot, watchForTrouble } from './support/browser.js';
import { startBrowserServer, type BrowserServer } from './support/browser-server.js';
import { DrivePage } from './support/drive-page.js';

const adminEmail = 'admin@example.com';
const adminPassword = 'a long enough password';
const invitee = 'ines@example.com';
const inviteePassword = 'ines chose this password';
const newAddress = 'ines.new@example.com';

/**
 * The links Coffer mails, opened in Chromium: an invitation (`/invite#token=…`) creates the account and shows its
 * recovery key once; a change of sign-in address asked for in Settings takes effect only when the link mailed to the
 * new address (`/confirm-email#token=…`) is opened and confirmed by a click.
 */
describe('mailed account links in Chromium', () => {
  let server: BrowserServer;
  let browser: Browser;
  let adminContext: BrowserContext;
  let adminPage: Page;
  let context: BrowserContext;
  let page: Page;
  let drive: DrivePage;
  let trouble: ReturnType<typeof watchForTrouble>;
  let inviteLink = '';
  /** Every URL the invitee's browser requested: one-time tokens live in the fragment and must never appear here. */
  const requested: string[] = [];

  beforeAll(async () => {
    // The mailed links are built from the public URL, so it must name the port the server really listens on.
    const port = await freePort();
    server = await startBrowserServer({ COFFER_PORT: String(port), COFFER_PUBLIC_URL: `http://127.0.0.1:${port}` });
    browser = await launchChromium();
    adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    adminPage = await adminContext.newPage();
    await setUpAdministrator(adminPage, server.setupLink, adminEmail, adminPassword);
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    trouble = watchForTrouble(page);
    drive = new DrivePage(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The newest link of this kind mailed to `to`. */
  async function mailedLink(to: string, subject: RegExp, kind: 'invite' | 'confirm-email'): Promise<string> {
    const pattern = new RegExp(`\\S+/${kind}#token=[A-Za-z0-9_.-]+`);
    await expect.poll(() => outbox(server.dataDir).some((mail) => mail.to === to && subject.test(mail.subject) && pattern.test(mail.text))).toBe(true);
    const mail = outbox(server.dataDir)
      .filter((m) => m.to === to && subject.test(m.subject))
      .at(-1);
    return pattern.exec(mail?.text ?? '')![0];
  }

  /** Signs in with email and password, then answers the second factor when the server asks for one (a mailed code). */
  async function signIn(target: Page, email: string, password: string): Promise<void> {
    await target.goto(`${server.url}/sign-in`);
    await target.getByLabel('Email').fill(email);
    await target.getByLabel('Password').fill(password);
    await target.getByRole('button', { name: 'Sign in' }).click();
    const folders = target.getByRole('navigation', { name: 'Folder path' });
    const code = target.getByRole('textbox', { name: 'Code sent by email' });
    await folders.or(code).first().waitFor();
    if (await code.isVisible()) {
      const mail = outbox(server.dataDir)
        .filter((m) => m.to === email && /sign-in code/.test(m.subject))
        .at(-1);
      await code.fill(/(\d{6})/.exec(mail?.subject ?? '')?.[1] ?? '');
      await target.getByRole('button', { name: 'Continue' }).click();
      await folders.waitFor();
    }
  }

  it('the administrator invites an address from the console, and the mail carries an /invite link', async () => {
    await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await adminPage.getByLabel('Email to invite').fill(invitee);
    await adminPage.getByRole('button', { name: 'Send invitation' }).click();
    await new DrivePage(adminPage).toast('success', `Invitation sent to ${invitee}.`);
    inviteLink = await mailedLink(invitee, /invited/, 'invite');
    expect(inviteLink.startsWith(`${server.url}/invite#token=`)).toBe(true);
  });

  it('the invitation link opens a password form, creates the account and shows the recovery key once', async () => {
    await page.goto(inviteLink);
    await page.getByRole('heading', { name: 'Join Coffer' }).waitFor();
    // The page stays on /invite: a signed-out visit is not sent to the sign-in screen.
    expect(new URL(page.url()).pathname).toBe('/invite');
    await expectAccessible(page, 'invitation');
    await screenshot(page, 'desktop-invite');

    await page.getByLabel('Password (at least 10 characters)').fill(inviteePassword);
    await page.getByLabel('Repeat the password').fill('a different password');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByRole('alert').filter({ hasText: 'The two passwords differ.' }).waitFor();
    expect(await server.running.services.store.repos.users.findByEmail(invitee)).toBeUndefined();

    await page.getByLabel('Repeat the password').fill(inviteePassword);
    await page.getByRole('button', { name: 'Create my account' }).click();
    const key = page.getByTestId('recovery-key');
    await key.waitFor();
    expect((await key.textContent())?.length).toBeGreaterThan(20);
    // The token left the address bar once used, and was never part of a requested URL.
    expect(page.url()).toBe(`${server.url}/invite`);
    const token = inviteLink.split('#token=')[1]!;
    expect(requested.filter((url) => url.includes(token))).toEqual([]);
    await expectAccessible(page, 'invitation recovery key');

    const next = page.getByRole('button', { name: 'Continue to sign in' });
    expect(await next.isDisabled()).toBe(true);
    await page.getByLabel(/stored my recovery key/).check();
    await next.click();
    await page.getByRole('heading', { name: 'Sign in to Coffer' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('the invited person signs in with the password they chose', async () => {
    await signIn(page, invitee, inviteePassword);
    const me = await page.evaluate(async () => ((await (await fetch('/api/v1/me')).json()) as { email: string }).email);
    expect(me).toBe(invitee);
  });

  it('an invitation link used once says so clearly, and creates nothing', async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const otherPage = await other.newPage();
    await otherPage.goto(inviteLink);
    await otherPage.getByLabel('Password (at least 10 characters)').fill('someone else tries this');
    await otherPage.getByLabel('Repeat the password').fill('someone else tries this');
    await otherPage.getByRole('button', { name: 'Create my account' }).click();
    await otherPage.getByRole('alert').filter({ hasText: 'invalid, has expired (links last 7 days) or was already used' }).waitFor();
    expect(await otherPage.getByTestId('recovery-key').count()).toBe(0);
    await expectAccessible(otherPage, 'invitation already used');

    // Without any token the page explains where the link comes from and offers nothing to submit.
    await otherPage.goto(`${server.url}/invite`);
    await otherPage.getByRole('alert').filter({ hasText: 'needs the link from your invitation mail' }).waitFor();
    expect(await otherPage.getByRole('button', { name: 'Create my account' }).isDisabled()).toBe(true);
    await other.close();
  });

  it('Settings asks for a new sign-in address, confirms it is the owner, and mails a link to the new address', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Change sign-in address' }).waitFor();
    // A sign-in older than 5 minutes: the server asks for the password again before the change.
    const session = (await context.cookies()).find((cookie) => cookie.value.startsWith('cf1.'))!.value;
    await server.running.services.store.repos.sessions.markReauthenticated(session.split('.')[1]!, Date.now() - 6 * 60_000);
    await page.getByLabel('New address').fill(newAddress);
    await page.getByRole('button', { name: 'Send confirmation link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
    await dialog.getByLabel('Password').fill(inviteePassword);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await drive.toast('success', `A confirmation link went to ${newAddress}. Your sign-in address changes only once that link is opened.`);
    await expectAccessible(page, 'settings with the address form');
    // Nothing changed yet.
    expect((await server.running.services.store.repos.users.findByEmail(invitee))?.email).toBe(invitee);
  });

  it('the confirmation link changes the address only after the button is pressed', async () => {
    const link = await mailedLink(newAddress, /Confirm/, 'confirm-email');
    expect(link.startsWith(`${server.url}/confirm-email#token=`)).toBe(true);
    // Opened elsewhere (the phone that reads the new mailbox), signed out.
    const phone = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const phonePage = await phone.newPage();
    const phoneRequests: string[] = [];
    phonePage.on('request', (request) => phoneRequests.push(request.url()));
    await phonePage.goto(link);
    const confirm = phonePage.getByRole('button', { name: 'Confirm my new address' });
    await confirm.waitFor();
    expect(new URL(phonePage.url()).pathname).toBe('/confirm-email');
    await expectAccessible(phonePage, 'confirm email');
    await screenshot(phonePage, 'mobile-confirm-email');
    // A mail scanner that only loads the page changes nothing.
    expect(await server.running.services.store.repos.users.findByEmail(newAddress)).toBeUndefined();

    await confirm.click();
    await phonePage.getByTestId('confirm-email-done').waitFor();
    await phonePage.getByRole('heading', { name: 'New address confirmed' }).waitFor();
    expect(phonePage.url()).toBe(`${server.url}/confirm-email`);
    const token = link.split('#token=')[1]!;
    expect(phoneRequests.filter((url) => url.includes(token))).toEqual([]);
    await expectAccessible(phonePage, 'confirm email done');
    expect(await phonePage.getByRole('link', { name: 'Go to sign in' }).getAttribute('href')).toBe('/sign-in');
    expect(outbox(server.dataDir).some((mail) => mail.to === invitee && /address was changed/.test(mail.subject))).toBe(true);

    // The same link again: a clear failure, and the address stays.
    // (A new tab, as a second click in the mail opens: the same page with only a new fragment would not reload.)
    const again = await phone.newPage();
    await again.goto(link);
    await again.getByRole('button', { name: 'Confirm my new address' }).click();
    await again.getByRole('alert').filter({ hasText: 'invalid, has expired (links last 24 hours) or was already used' }).waitFor();
    await expectAccessible(again, 'confirm email failed');
    await phone.close();
  });

  it('after signing out, the new address signs in and the old one no longer does', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in to Coffer' }).waitFor();
    await page.getByLabel('Email').fill(invitee);
    await page.getByLabel('Password').fill(inviteePassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('navigation', { name: 'Folder path' }).count()).toBe(0);

    await signIn(page, newAddress, inviteePassword);
    const me = await page.evaluate(async () => ((await (await fetch('/api/v1/me')).json()) as { email: string }).email);
    expect(me).toBe(newAddress);
    expect(trouble).toEqual({ dialogs: [], cspViolations: [], errors: [] });
  });
});
