import { Algorithm, hashRaw, Version } from '@node-rs/argon2';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { IntegrityError } from '../domain/index.js';
import { utf8 } from './bytes.js';
import { deriveSubkey } from './hkdf.js';
import { sha256 } from './hashing.js';

/**
 * Password KDF: Argon2id (version 0x13) over the NFC-normalized UTF-8 password, raw 32-byte output, split with HKDF:
 *   out     = Argon2id(password, salt, m = memoryKiB, t = iterations, p = parallelism, T = 32)
 *   authKey = deriveSubkey(out, 'coffer/v1/password-auth')   sent to the server, which stores only passwordVerifier(authKey)
 *   kek     = deriveSubkey(out, 'coffer/v1/password-kek')    never leaves the client; wraps the account key
 */
export interface PasswordKdfParams {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: Buffer;
}

export const defaultPasswordKdf: Readonly<Omit<PasswordKdfParams, 'salt'>> = Object.freeze({
  memoryKiB: 65536,
  iterations: 3,
  parallelism: 1,
});

export const passwordKdfLimits = Object.freeze({
  memoryKiB: { min: 65536, max: 1048576 },
  iterations: { min: 3, max: 16 },
  parallelism: { min: 1, max: 8 },
  saltBytes: { min: 16, max: 64 },
});

export const passwordAuthLabel = 'coffer/v1/password-auth';
export const passwordKekLabel = 'coffer/v1/password-kek';
export const passwordVerifierLabel = 'coffer/v1/password-verifier';

/** Fresh parameters: the defaults with a random 16-byte salt. */
export function newPasswordKdfParams(): PasswordKdfParams {
  return { ...defaultPasswordKdf, salt: randomBytes(16) };
}

function inRange(value: unknown, range: { min: number; max: number }): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= range.min && value <= range.max;
}

/**
 * Rejects parameters below the floor (a server downgrading a client) or above the ceiling (a server making a client
 * burn memory and time). Throws IntegrityError('password parameters').
 */
export function checkPasswordKdfParams(p: PasswordKdfParams): void {
  const ok =
    p !== null &&
    typeof p === 'object' &&
    inRange(p.memoryKiB, passwordKdfLimits.memoryKiB) &&
    inRange(p.iterations, passwordKdfLimits.iterations) &&
    inRange(p.parallelism, passwordKdfLimits.parallelism) &&
    p.salt instanceof Uint8Array &&
    p.salt.length >= passwordKdfLimits.saltBytes.min &&
    p.salt.length <= passwordKdfLimits.saltBytes.max;
  if (!ok) throw new IntegrityError('password parameters');
}

/** Derives the two password secrets. The parameters are checked first. */
export async function derivePasswordSecrets(password: string, p: PasswordKdfParams): Promise<{ authKey: Buffer; kek: Buffer }> {
  checkPasswordKdfParams(p);
  const secret = utf8(password.normalize('NFC'), 'password');
  const out = await hashRaw(secret, {
    algorithm: Algorithm.Argon2id,
    version: Version.V0x13,
    memoryCost: p.memoryKiB,
    timeCost: p.iterations,
    parallelism: p.parallelism,
    outputLen: 32,
    salt: p.salt,
  });
  secret.fill(0);
  try {
    return { authKey: deriveSubkey(out, passwordAuthLabel), kek: deriveSubkey(out, passwordKekLabel) };
  } finally {
    out.fill(0);
  }
}

/** SHA-256('coffer/v1/password-verifier' || authKey): the only password-derived value the server stores. */
export function passwordVerifier(authKey: Uint8Array): Buffer {
  if (!(authKey instanceof Uint8Array) || authKey.length !== 32) throw new RangeError('authKey must be 32 bytes');
  return sha256(Buffer.concat([Buffer.from(passwordVerifierLabel, 'latin1'), authKey]));
}

/** Constant-time equality for verifiers; false when the lengths differ. */
export function verifiersEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return false;
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
