/** One outgoing message. Plain text only: no remote content, nothing a mail client could track. */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Sends mail. Implementations never log the message body (it may carry a sign-in code or a link). */
export interface Mailer {
  /** True when mail really leaves the machine (SMTP); false for the outbox folder. */
  readonly delivers: boolean;
  send(message: MailMessage): Promise<void>;
}
