import type { MailMessage } from '../mail/index.js';

/**
 * The three mails of a delivery. Plain text; they carry no file name (the server keeps names sealed), only the
 * sender's own words, a link whose key is in the fragment, or a code.
 */
export function deliveryMail(to: string, senderEmail: string, message: string | undefined, url: string, expiresAt: number | null): MailMessage {
  const lines = [`${senderEmail} sent you a file through Coffer.`, ''];
  if (message) lines.push('Their message:', '', ...message.split(/\r?\n/).map((line) => `> ${line}`), '');
  lines.push(
    'Open it here:',
    url,
    '',
    'When you open the link, a one-time code is sent to this address. Enter it to see the file; it is decrypted in your browser.',
  );
  if (expiresAt !== null) lines.push(`The link works until ${new Date(expiresAt).toUTCString()}.`);
  lines.push('', 'Do not forward this mail: the link is meant for you alone.');
  return { to, subject: `${senderEmail} sent you a file`, text: lines.join('\n') };
}

export function deliveryCodeMail(to: string, code: string): MailMessage {
  return {
    to,
    subject: `Your Coffer delivery code: ${code}`,
    text: [
      `Your code to open the file sent to you is: ${code}`,
      '',
      'It is valid for 10 minutes and works once.',
      'If you did not just open a Coffer link, someone else has it: do not share this code.',
    ].join('\n'),
  };
}

export function deliveryDownloadedMail(to: string, recipientEmail: string, at: number): MailMessage {
  return {
    to,
    subject: `${recipientEmail} downloaded what you sent`,
    text: [
      `${recipientEmail} downloaded the file you sent through Coffer on ${new Date(at).toUTCString()}.`,
      '',
      'You asked to be told of the first download.',
    ].join('\n'),
  };
}
