import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface OutboxMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Every message the outbox mailer wrote under `<dataDir>/outbox`, oldest first by file time. */
export function outbox(dataDir: string): OutboxMail[] {
  const folder = path.join(dataDir, 'outbox');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => {
      const raw = readFileSync(path.join(folder, name), 'utf8');
      const split = raw.indexOf('\r\n\r\n');
      const head = raw.slice(0, split);
      return {
        to: /^To: (.*)$/m.exec(head)?.[1]?.trim() ?? '',
        subject: /^Subject: (.*)$/m.exec(head)?.[1]?.trim() ?? '',
        text: raw.slice(split + 4).replace(/\r\n/g, '\n'),
      };
    });
}
