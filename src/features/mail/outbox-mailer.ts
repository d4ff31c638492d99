import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newId } from '../../domain/index.js';
import type { MailMessage, Mailer } from './mailer.js';

/**
 * The embedded default: each message becomes `<outbox>/<id>.eml` (RFC 5322, UTF-8 body), written to a
 * temporary name first so a reader never sees half a file. Nothing leaves the machine.
 */
export class OutboxMailer implements Mailer {
  readonly delivers = false;

  constructor(
    private readonly folder: string,
    private readonly from: string,
  ) {}

  async send(message: MailMessage): Promise<void> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const id = newId();
    const subject = /^[\x20-\x7e]*$/.test(message.subject) ? message.subject : `=?UTF-8?B?${Buffer.from(message.subject, 'utf8').toString('base64')}?=`;
    const eml = [
      `From: ${this.from}`,
      `To: ${message.to}`,
      `Subject: ${subject}`,
      `Date: ${new Date().toUTCString()}`,
      `Message-ID: <${id}@coffer.outbox>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      message.text.replace(/\r?\n/g, '\r\n'),
    ].join('\r\n');
    const target = path.join(this.folder, `${id}.eml`);
    await writeFile(`${target}.tmp`, eml, { mode: 0o600 });
    await rename(`${target}.tmp`, target);
  }
}
