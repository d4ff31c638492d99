import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CofferConfig } from '../config/index.js';
import { randomKey } from '../crypto/index.js';
import { OutboxMailer, SmtpMailer, type Mailer } from '../features/mail/index.js';

/** SMTP when a host is configured, else the outbox folder (the embedded default). */
export function createMailer(config: CofferConfig): Mailer {
  const smtp = config.mail.smtp;
  if (!smtp) return new OutboxMailer(config.outboxDir, config.mail.from);
  return new SmtpMailer({ ...smtp, from: config.mail.from });
}

/**
 * The server's factor key (`<dataDir>/factor.key`, 32 random bytes, mode 0600), created on first start. It seals TOTP
 * secrets, so a copy of the database alone does not reveal them. Several instances must share the same file.
 */
export async function loadFactorKey(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, 'factor.key');
  try {
    const key = await readFile(file);
    if (key.length !== 32) throw new Error(`${file} must hold exactly 32 bytes`);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dataDir, { recursive: true });
  const key = randomKey();
  try {
    // 'wx': if another instance created it meanwhile, use theirs.
    const handle = await open(file, 'wx', 0o600);
    await handle.writeFile(key);
    await handle.sync();
    await handle.close();
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFile(file);
    throw err;
  }
}
