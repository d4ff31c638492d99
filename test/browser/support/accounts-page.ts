import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** First-run setup through the real screens: the administrator account, then the drive. */
export async function setUpAdministrator(page: Page, setupLink: string, email: string, password: string): Promise<void> {
  await page.goto(setupLink);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password (at least 10 characters)').fill(password);
  await page.getByLabel('Repeat the password').fill(password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await page.getByTestId('recovery-key').waitFor();
  await page.getByLabel(/stored my recovery key/).check();
  await page.getByRole('button', { name: 'Continue to my drive' }).click();
  await page.getByRole('navigation', { name: 'Folder path' }).waitFor();
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Folder path' }).waitFor();
}

/** Creates an account in the admin console and returns the recovery key it showed once. */
export async function createUserInConsole(page: Page, email: string, password: string): Promise<string> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('heading', { name: 'Administration' }).waitFor();
  await page.getByRole('button', { name: 'Create user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Initial password (at least 10 characters)').fill(password);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  const key = page.getByTestId('new-user-recovery-key');
  await key.waitFor();
  const recoveryKey = (await key.textContent()) ?? '';
  expect(recoveryKey.length).toBeGreaterThan(20);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator(`[data-testid="user-row"][data-email="${email}"]`).waitFor();
  return recoveryKey;
}
