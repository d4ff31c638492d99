import type { Transporter } from 'nodemailer';
import type { MailMessage, Mailer } from './mailer.js';

export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** 'tls': implicit TLS from the first byte (port 465); 'starttls': upgrade required; 'none': plain (loopback relays only). */
  readonly security: 'tls' | 'starttls' | 'none';
  readonly user: string | undefined;
  readonly password: string | undefined;
  readonly from: string;
}

/** SMTP through nodemailer. The password lives only in the transport's options, never in a log line. */
export class SmtpMailer implements Mailer {
  readonly delivers = true;
  private transport: Promise<Transporter> | undefined;

  constructor(private readonly settings: SmtpSettings) {}

  async send(message: MailMessage): Promise<void> {
    const transport = await (this.transport ??= this.openTransport());
    await transport.sendMail({ from: this.settings.from, to: message.to, subject: message.subject, text: message.text });
  }

  /** nodemailer is loaded at the first mail: a server without SMTP settings never needs it. */
  private async openTransport(): Promise<Transporter> {
    const { default: nodemailer } = await import('nodemailer');
    const { settings } = this;
    return nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.security === 'tls',
      requireTLS: settings.security === 'starttls',
      ignoreTLS: settings.security === 'none',
      ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
      logger: false,
      debug: false,
    });
  }
}
