import type { FastifyRequest } from 'fastify';
import { CofferError } from '../domain/index.js';

export const passphraseHeader = 'coffer-passphrase';

/** The custom file passphrase travels base64-encoded (headers cannot carry arbitrary UTF-8). */
export function readPassphrase(request: FastifyRequest): string | undefined {
  const raw = request.headers[passphraseHeader];
  if (raw === undefined) return undefined;
  return decodePassphrase(Array.isArray(raw) ? (raw[0] ?? '') : raw);
}

export function decodePassphrase(encoded: string): string {
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(encoded) || encoded.length > 4096) {
    throw new CofferError('request.invalid', 'The Coffer-Passphrase header must be the base64 encoding of the passphrase.');
  }
  const passphrase = Buffer.from(encoded, 'base64').toString('utf8');
  if (passphrase.includes('\uFFFD')) throw new CofferError('request.invalid', 'The passphrase must be valid UTF-8.');
  return passphrase;
}
