import { randomDigits, secretVerifier } from '../../crypto/index.js';

export const deliveryCodeLifetimeMs = 10 * 60_000;
export const deliveryCodeResendCooldownMs = 60_000;
/** Wrong tries a code survives; the fifth destroys it and a new one must be asked for. */
export const maxDeliveryCodeFailures = 5;
export const deliveryCodeLabel = 'coffer/v1/delivery-code';

/** Six digits from the CSPRNG (node:crypto randomInt, unbiased). */
export function newDeliveryCode(): string {
  return randomDigits(6);
}

/**
 * What the database keeps of a code: SHA-256("coffer/v1/delivery-code" ‖ access ‖ recipientId ‖ code), where
 * `access` is the value the browser derives from the link secret and sends with every request. A copy of the
 * database alone cannot test the million possible codes, and a code is bound to its recipient's link.
 */
export function deliveryCodeVerifier(access: Uint8Array, recipientId: string, code: string): Buffer {
  return secretVerifier(Buffer.concat([access, Buffer.from(recipientId, 'utf8'), Buffer.from(code, 'utf8')]), deliveryCodeLabel);
}

/** `p***@example.com`: enough for the recipient to recognise their address, little for someone who found the link. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, Math.min(1, at))}***${email.slice(at)}`;
}
