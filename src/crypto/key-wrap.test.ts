import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../domain/index.js';
import { randomKey, unwrapKey, wrapKey, type WrapContext } from './index.js';
import { wrapAad } from './key-wrap.js';

const context: WrapContext = {
  keyType: 'folder',
  keyId: '0123456789abcdefghjkmnpqrs',
  wrappingKeyType: 'account',
  wrappingKeyId: 'tvwxyz0123456789abcdefghjk',
};

describe('key wrap', () => {
  const wrappingKey = randomKey();
  const key = randomKey();

  it('round-trips and has the documented layout', () => {
    const wrapped = wrapKey(wrappingKey, key, context);
    expect(wrapped.length).toBe(1 + 12 + 32 + 16);
    expect(wrapped[0]).toBe(0x01);
    expect(unwrapKey(wrappingKey, wrapped, context).equals(key)).toBe(true);
    // Random nonce: two wraps differ.
    expect(wrapKey(wrappingKey, key, context).equals(wrapped)).toBe(false);
  });

  it('AAD is "coffer/v1/wrap" then four u16-length-prefixed UTF-8 fields', () => {
    const aad = wrapAad({ keyType: 'a', keyId: 'bc', wrappingKeyType: '', wrappingKeyId: '\u00e9' });
    expect(aad.toString('hex')).toBe(Buffer.from('coffer/v1/wrap').toString('hex') + '0001' + '61' + '0002' + '6263' + '0000' + '0002' + 'c3a9');
  });

  it('fails with IntegrityError for a wrong wrapping key', () => {
    const wrapped = wrapKey(wrappingKey, key, context);
    expect(() => unwrapKey(randomKey(), wrapped, context)).toThrow(IntegrityError);
    expect(() => unwrapKey(randomKey(), wrapped, context)).toThrow('key wrap folder');
  });

  it('fails when any context field changes (a wrap moved to another slot)', () => {
    const wrapped = wrapKey(wrappingKey, key, context);
    for (const field of ['keyType', 'keyId', 'wrappingKeyType', 'wrappingKeyId'] as const) {
      const moved = { ...context, [field]: context[field].slice(0, -1) + (context[field].endsWith('x') ? 'y' : 'x') };
      expect(() => unwrapKey(wrappingKey, wrapped, moved)).toThrow(IntegrityError);
    }
    // Fields are length-prefixed: moving bytes between adjacent fields does not collide.
    const shifted = { ...context, keyType: context.keyType + context.keyId.slice(0, 1), keyId: context.keyId.slice(1) };
    expect(() => unwrapKey(wrappingKey, wrapped, shifted)).toThrow(IntegrityError);
    // Swapping key and wrapping key identities fails too.
    const swapped = { keyType: context.wrappingKeyType, keyId: context.wrappingKeyId, wrappingKeyType: context.keyType, wrappingKeyId: context.keyId };
    expect(() => unwrapKey(wrappingKey, wrapped, swapped)).toThrow(IntegrityError);
  });

  it('fails for every flipped bit, truncation, extension and an unknown version byte', () => {
    const wrapped = wrapKey(wrappingKey, key, context);
    for (let bit = 0; bit < wrapped.length * 8; bit++) {
      const bad = Buffer.from(wrapped);
      bad[bit >> 3]! ^= 1 << (bit & 7);
      expect(() => unwrapKey(wrappingKey, bad, context)).toThrow(IntegrityError);
    }
    for (let n = 0; n < wrapped.length; n++) expect(() => unwrapKey(wrappingKey, wrapped.subarray(0, n), context)).toThrow(IntegrityError);
    expect(() => unwrapKey(wrappingKey, Buffer.concat([wrapped, Buffer.alloc(1)]), context)).toThrow(IntegrityError);
  });

  it('error messages carry no key bytes', () => {
    const wrapped = wrapKey(wrappingKey, key, context);
    try {
      unwrapKey(randomKey(), wrapped, context);
      expect.unreachable();
    } catch (err) {
      const text = String((err as Error).message) + String((err as Error).stack);
      for (const secret of [key, wrappingKey]) {
        expect(text).not.toContain(secret.toString('hex'));
        expect(text).not.toContain(secret.toString('base64'));
      }
    }
  });

  it('checks its inputs', () => {
    expect(() => wrapKey(randomBytes(16), key, context)).toThrow(RangeError);
    expect(() => wrapKey(wrappingKey, Buffer.alloc(0), context)).toThrow(RangeError);
    expect(() => wrapKey(wrappingKey, key, { ...context, keyId: 'x'.repeat(70000) })).toThrow(RangeError);
    expect(() => wrapKey(wrappingKey, key, { ...context, keyId: '\ud800' })).toThrow(TypeError);
  });
});
