import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../domain/index.js';
import {
  checkPasswordKdfParams,
  defaultPasswordKdf,
  derivePasswordSecrets,
  newPasswordKdfParams,
  passwordVerifier,
  verifiersEqual,
  type PasswordKdfParams,
} from './index.js';

describe('password KDF', () => {
  const params: PasswordKdfParams = { ...defaultPasswordKdf, salt: Buffer.alloc(16, 0x5a) };

  it('defaults are m=64 MiB, t=3, p=1 with a fresh 16-byte salt', () => {
    expect(defaultPasswordKdf).toEqual({ memoryKiB: 65536, iterations: 3, parallelism: 1 });
    const a = newPasswordKdfParams();
    const b = newPasswordKdfParams();
    expect(a.salt.length).toBe(16);
    expect(a.salt.equals(b.salt)).toBe(false);
    expect(() => checkPasswordKdfParams(a)).not.toThrow();
  });

  it('enforces the floor and the ceiling', () => {
    const ok = (p: Partial<PasswordKdfParams>): PasswordKdfParams => ({ ...params, ...p });
    for (const good of [ok({}), ok({ memoryKiB: 1048576, iterations: 16, parallelism: 8, salt: Buffer.alloc(64) })]) {
      expect(() => checkPasswordKdfParams(good)).not.toThrow();
    }
    for (const bad of [
      ok({ memoryKiB: 65535 }),
      ok({ memoryKiB: 1048577 }),
      ok({ iterations: 2 }),
      ok({ iterations: 17 }),
      ok({ parallelism: 0 }),
      ok({ parallelism: 9 }),
      ok({ iterations: 3.5 }),
      ok({ memoryKiB: Number.NaN }),
      ok({ salt: Buffer.alloc(15) }),
      ok({ salt: Buffer.alloc(65) }),
      ok({ salt: 'salt' as unknown as Buffer }),
    ]) {
      expect(() => checkPasswordKdfParams(bad)).toThrow(IntegrityError);
      expect(() => checkPasswordKdfParams(bad)).toThrow('password parameters');
    }
  });

  it('refuses weak parameters before doing any work', async () => {
    await expect(derivePasswordSecrets('correct horse', { ...params, memoryKiB: 1024 })).rejects.toThrow(IntegrityError);
  });

  it('same password and params give the same secrets; authKey, kek and verifier all differ', async () => {
    const a = await derivePasswordSecrets('correct horse battery staple', params);
    const b = await derivePasswordSecrets('correct horse battery staple', params);
    expect(a.authKey.length).toBe(32);
    expect(a.kek.length).toBe(32);
    expect(a.authKey.equals(b.authKey)).toBe(true);
    expect(a.kek.equals(b.kek)).toBe(true);
    expect(a.authKey.equals(a.kek)).toBe(false);
    const verifier = passwordVerifier(a.authKey);
    expect(verifier.length).toBe(32);
    expect(verifier.equals(a.kek)).toBe(false);
    expect(verifier.equals(a.authKey)).toBe(false);
    expect(verifiersEqual(verifier, passwordVerifier(b.authKey))).toBe(true);
  });

  it('NFC-normalizes the password; a different salt or password changes everything', async () => {
    const composed = await derivePasswordSecrets('p\u00e4ssword-123', params);
    const decomposed = await derivePasswordSecrets('pa\u0308ssword-123', params);
    expect(composed.kek.equals(decomposed.kek)).toBe(true);
    const otherSalt = await derivePasswordSecrets('p\u00e4ssword-123', { ...params, salt: Buffer.alloc(16, 0x5b) });
    expect(otherSalt.kek.equals(composed.kek)).toBe(false);
    const otherPassword = await derivePasswordSecrets('p\u00e4ssword-124', params);
    expect(otherPassword.authKey.equals(composed.authKey)).toBe(false);
  });

  it('verifiersEqual is false on length mismatch', () => {
    expect(verifiersEqual(Buffer.alloc(32), Buffer.alloc(31))).toBe(false);
    expect(verifiersEqual(Buffer.alloc(32), Buffer.alloc(32, 1))).toBe(false);
    expect(verifiersEqual(Buffer.alloc(32, 1), Buffer.alloc(32, 1))).toBe(true);
  });
});
