import type { PasswordKdfParams } from '../../crypto/index.js';

/** Argon2id parameters as stored beside a password verifier or a passphrase-protected file key. */
export function serializeKdf(params: PasswordKdfParams): string {
  return JSON.stringify({ alg: 'argon2id', m: params.memoryKiB, t: params.iterations, p: params.parallelism, salt: params.salt.toString('base64') });
}

export function parseKdf(text: string): PasswordKdfParams {
  const raw = JSON.parse(text) as { m: number; t: number; p: number; salt: string };
  return { memoryKiB: raw.m, iterations: raw.t, parallelism: raw.p, salt: Buffer.from(raw.salt, 'base64') };
}
