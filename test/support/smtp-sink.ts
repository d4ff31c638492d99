import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps every message it receives. Messages are
 * parsed just enough for the tests: the Subject header and the body, undoing quoted-printable soft breaks.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(): Promise<SmtpSink> {
    let sink: SmtpSink | undefined;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const parts: Buffer[] = [];
        stream.on('data', (piece: Buffer) => parts.push(piece));
        stream.on('end', () => {
          sink?.accept(
            session.envelope.rcptTo.map((r) => r.address),
            Buffer.concat(parts).toString('utf8'),
          );
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    sink = new SmtpSink(server, (server.server.address() as AddressInfo).port);
    return sink;
  }

  /** Settings for a Coffer server that sends through this sink. */
  env(): Record<string, string> {
    return { COFFER_SMTP_HOST: '127.0.0.1', COFFER_SMTP_PORT: String(this.port), COFFER_SMTP_SECURITY: 'none', COFFER_MAIL_FROM: 'coffer@example.com' };
  }

  /** The next message to `to` whose subject matches, waiting up to 5 s; removes it from the inbox. */
  async next(to: string, subject: RegExp = /./): Promise<ReceivedMail> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const index = this.received.findIndex((m) => m.to.includes(to) && subject.test(m.subject));
      if (index >= 0) return this.received.splice(index, 1)[0]!;
      if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} (have: ${this.received.map((m) => m.subject).join(' | ')})`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  /** The 6-digit code of the next sign-in mail to `to`. */
  async code(to: string): Promise<string> {
    const mail = await this.next(to, /sign-in code/);
    const match = /code is: (\d{6})/.exec(mail.text);
    if (!match) throw new Error('sign-in mail without a code');
    return match[1]!;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(to: string[], raw: string): void {
    const split = raw.indexOf('\r\n\r\n');
    const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
    let body = raw.slice(split + 4);
    if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
      body = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
    const subject = /^subject: (.*)$/im.exec(head)?.[1] ?? '';
    this.received.push({ to, subject, text: body });
    for (const wake of this.waiters.splice(0)) wake();
  }
}
