import { randomDigits, secretVerifier } from '../../crypto/index.js';

export const emailCodeLifetimeMs = 10 * 60_000;
export const emailCodeResendCooldownMs = 60_000;
export const maxCodeFailures = 5;

/** A fresh 6-digit code from the CSPRNG. */
export function newEmailCode(): string {
  return randomDigits(6);
}

/**
 * What the database keeps of an email code: SHA-256("coffer/v1/email-code" ‖ challenge secret ‖ code). The challenge
 * secret exists only on the client, so a copy of the database alone cannot test the million possible codes.
 */
export function emailCodeHash(challengeSecret: Buffer, code: string): Buffer {
  return secretVerifier(Buffer.concat([challengeSecret, Buffer.from(code, 'utf8')]), 'coffer/v1/email-code');
}

export function emailCodeMessage(code: string, to: string): { to: string; subject: string; text: string } {
  return {
    to,
    subject: `Your Coffer sign-in code: ${code}`,
    text: [
      `Your Coffer sign-in code is: ${code}`,
      '',
      'It is valid for 10 minutes and works once.',
      'If you did not just try to sign in, someone knows your password: change it now.',
    ].join('\n'),
  };
}
