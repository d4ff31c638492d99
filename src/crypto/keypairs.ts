import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { requireBytes, requireLength } from './bytes.js';

/**
 * X25519 and Ed25519 key pairs as raw 32-byte strings (RFC 7748 / RFC 8032 encodings). Ed25519 private keys are the
 * 32-byte seed. Conversion to node KeyObjects goes through the fixed PKCS#8 / SPKI DER prefixes of RFC 8410.
 */
const pkcs8Prefix = {
  x25519: Buffer.from('302e020100300506032b656e04220420', 'hex'),
  ed25519: Buffer.from('302e020100300506032b657004220420', 'hex'),
};
const spkiPrefix = {
  x25519: Buffer.from('302a300506032b656e032100', 'hex'),
  ed25519: Buffer.from('302a300506032b6570032100', 'hex'),
};
type Curve = keyof typeof pkcs8Prefix;

function privateKeyObject(curve: Curve, raw: Uint8Array): KeyObject {
  requireLength(raw, 32, `${curve} private key`);
  return createPrivateKey({ key: Buffer.concat([pkcs8Prefix[curve], raw]), format: 'der', type: 'pkcs8' });
}

function publicKeyObject(curve: Curve, raw: Uint8Array): KeyObject {
  requireLength(raw, 32, `${curve} public key`);
  return createPublicKey({ key: Buffer.concat([spkiPrefix[curve], raw]), format: 'der', type: 'spki' });
}

function generate(curve: Curve): { publicKey: Buffer; privateKey: Buffer } {
  const pair = curve === 'x25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('ed25519');
  const publicDer = pair.publicKey.export({ format: 'der', type: 'spki' });
  const privateDer = pair.privateKey.export({ format: 'der', type: 'pkcs8' });
  return { publicKey: Buffer.from(publicDer.subarray(publicDer.length - 32)), privateKey: Buffer.from(privateDer.subarray(privateDer.length - 32)) };
}

export function generateX25519(): { publicKey: Buffer; privateKey: Buffer } {
  return generate('x25519');
}

export function generateEd25519(): { publicKey: Buffer; privateKey: Buffer } {
  return generate('ed25519');
}

/** The X25519 public key of a raw private key. */
export function x25519PublicKey(privateKey: Uint8Array): Buffer {
  const der = createPublicKey(privateKeyObject('x25519', privateKey)).export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - 32));
}

/** The Ed25519 public key of a 32-byte seed. */
export function ed25519PublicKey(privateKey: Uint8Array): Buffer {
  const der = createPublicKey(privateKeyObject('ed25519', privateKey)).export({ format: 'der', type: 'spki' });
  return Buffer.from(der.subarray(der.length - 32));
}

/**
 * Raw X25519 (RFC 7748). Internal building block, not exported from index.ts: a shared secret must go through a KDF
 * before use. Throws if the result is all zeros (low-order public key).
 */
export function x25519(privateKey: Uint8Array, publicKey: Uint8Array): Buffer {
  return diffieHellman({ privateKey: privateKeyObject('x25519', privateKey), publicKey: publicKeyObject('x25519', publicKey) });
}

/** Ed25519 signature (64 bytes) of `message` with the 32-byte seed `privateKey`. */
export function sign(privateKey: Uint8Array, message: Uint8Array): Buffer {
  requireBytes(message, 'message');
  return nodeSign(null, message, privateKeyObject('ed25519', privateKey));
}

/** Ed25519 verification; false (never throws) for a malformed key or signature. */
export function verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  if (!(message instanceof Uint8Array)) return false;
  try {
    return nodeVerify(null, message, publicKeyObject('ed25519', publicKey), signature);
  } catch {
    return false;
  }
}
