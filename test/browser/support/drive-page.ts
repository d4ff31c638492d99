import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { FilePayload } from './fixtures.js';

/** Actions on the drive screen, in the words a person would use. */
export class DrivePage {
  constructor(readonly page: Page) {}

  item(name: string) {
    return this.page.locator(`[data-testid="file-item"][data-name="${name.replace(/"/g, '\\"')}"]`);
  }

  async waitForItem(name: string): Promise<void> {
    await this.item(name).waitFor({ state: 'visible', timeout: 20_000 });
  }

  async toast(tone: 'success' | 'error' | 'info', text: string | RegExp): Promise<void> {
    await this.page.getByTestId(`toast-${tone}`).filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
  }

  /** Picks files with the Upload button's chooser and confirms the encryption dialog. */
  async uploadByChooser(files: FilePayload[], passphrase?: string): Promise<void> {
    await this.page.getByTestId('file-input').setInputFiles(files);
    await this.confirmUpload(passphrase);
    for (const file of files) await this.waitForItem(file.name);
  }

  async confirmUpload(passphrase?: string): Promise<void> {
    const dialog = this.page.getByRole('dialog');
    await dialog.waitFor();
    if (passphrase !== undefined) {
      await dialog.getByLabel('A custom passphrase').check();
      await dialog.getByLabel('Passphrase', { exact: true }).fill(passphrase);
      await dialog.getByLabel('Repeat the passphrase').fill(passphrase);
      await dialog.getByLabel(/lost passphrase cannot be recovered/).check();
    }
    await dialog.getByRole('button', { name: 'Upload' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  /** Drops files on the folder view the way a browser does: a drop event carrying a DataTransfer. */
  async dropFiles(files: FilePayload[]): Promise<void> {
    const payload = files.map((file) => ({ name: file.name, type: file.mimeType, base64: file.buffer.toString('base64') }));
    // Runs in the page; this file is compiled without DOM types, hence the structural view of DataTransfer.
    const transfer = await this.page.evaluateHandle((items) => {
      const page = globalThis as unknown as { DataTransfer: new () => { items: { add(file: File): void } } };
      const data = new page.DataTransfer();
      for (const item of items) {
        const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
        data.items.add(new File([bytes], item.name, { type: item.type }));
      }
      return data;
    }, payload);
    const zone = this.page.getByTestId('drop-zone');
    await zone.dispatchEvent('dragover', { dataTransfer: transfer });
    await zone.dispatchEvent('drop', { dataTransfer: transfer });
    await this.confirmUpload();
    for (const file of files) await this.waitForItem(file.name);
  }

  async select(name: string): Promise<void> {
    await this.item(name).click({ position: { x: 120, y: 10 } });
    await expect.poll(() => this.item(name).getAttribute('aria-selected')).toBe('true');
  }

  async open(name: string): Promise<void> {
    await this.item(name).getByRole('button', { name }).click();
  }

  async act(label: string): Promise<void> {
    await this.page.getByRole('toolbar', { name: 'Selected items' }).getByRole('button', { name: label, exact: true }).click();
  }

  async closeDialog(): Promise<void> {
    await this.page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await this.page.getByRole('dialog').waitFor({ state: 'detached' });
  }
}
