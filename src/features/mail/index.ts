export type { Mailer, MailMessage } from './mailer.js';
export { SmtpMailer, type SmtpSettings } from './smtp-mailer.js';
export { OutboxMailer } from './outbox-mailer.js';
