import { requireBytes, requireLength, lengthPrefixed16, utf8 } from './bytes.js';
import { openEnvelope, sealEnvelope } from './envelope.js';
import { deriveSubkey } from './hkdf.js';

/**
 * Key wrapping: AES-256-GCM under deriveSubkey(wrappingKey, 'coffer/v1/wrap') with a random 96-bit nonce.
 *
 *   wrapped = 0x01 || nonce(12) || ciphertext || tag(16)
 *   AAD     = "coffer/v1/wrap" || u16be(len) || keyType || u16be(len) || keyId
 *                              || u16be(len) || wrappingKeyType || u16be(len) || wrappingKeyId      (UTF-8)
 *
 * The AAD names both keys, so a wrap only opens in the slot it was made for.
 */
export interface WrapContext {
  keyType: string;
  keyId: string;
  wrappingKeyType: string;
  wrappingKeyId: string;
}

export const wrapLabel = 'coffer/v1/wrap';
const maxWrappedKeyBytes = 1024;

/** The AAD of a key wrap (exported for docs/vector tests; not part of index.ts). */
export function wrapAad(context: WrapContext): Buffer {
  if (context === null || typeof context !== 'object') throw new TypeError('wrap context is required');
  return Buffer.concat([
    Buffer.from(wrapLabel, 'latin1'),
    lengthPrefixed16(utf8(context.keyType, 'keyType'), 'keyType'),
    lengthPrefixed16(utf8(context.keyId, 'keyId'), 'keyId'),
    lengthPrefixed16(utf8(context.wrappingKeyType, 'wrappingKeyType'), 'wrappingKeyType'),
    lengthPrefixed16(utf8(context.wrappingKeyId, 'wrappingKeyId'), 'wrappingKeyId'),
  ]);
}

function checkWrappingKey(wrappingKey: Uint8Array): void {
  requireLength(wrappingKey, 32, 'wrapping key');
}

/** Hazmat for deterministic test vectors only: wrapKey with an injected nonce. Never use a nonce twice. */
export function wrapKeyWithNonceForTest(wrappingKey: Uint8Array, key: Uint8Array, context: WrapContext, nonce: Uint8Array | undefined): Buffer {
  checkWrappingKey(wrappingKey);
  requireBytes(key, 'key');
  if (key.length === 0 || key.length > maxWrappedKeyBytes) throw new RangeError(`a wrapped key must be 1..${maxWrappedKeyBytes} bytes`);
  const aad = wrapAad(context);
  const kek = deriveSubkey(wrappingKey, wrapLabel);
  try {
    return sealEnvelope(kek, key, aad, nonce);
  } finally {
    kek.fill(0);
  }
}

/** Wraps `key` under `wrappingKey` (32 bytes) for the slot described by `context`. */
export function wrapKey(wrappingKey: Uint8Array, key: Uint8Array, context: WrapContext): Buffer {
  return wrapKeyWithNonceForTest(wrappingKey, key, context, undefined);
}

/** Unwraps a key; throws IntegrityError('key wrap <keyType>') for a wrong key, wrong slot or damaged wrap. */
export function unwrapKey(wrappingKey: Uint8Array, wrapped: Uint8Array, context: WrapContext): Buffer {
  checkWrappingKey(wrappingKey);
  const aad = wrapAad(context);
  const kek = deriveSubkey(wrappingKey, wrapLabel);
  try {
    return openEnvelope(kek, wrapped, aad, `key wrap ${context.keyType}`);
  } finally {
    kek.fill(0);
  }
}
