import { createCipheriv, createDecipheriv } from 'node:crypto';
import { IntegrityError } from '../domain/index.js';
import { requireBytes, requireLength } from './bytes.js';
import { hkdfExpand, hkdfExtract } from './hkdf.js';
import { generateX25519, x25519, x25519PublicKey } from './keypairs.js';

/**
 * The age X25519 recipient stanza (age-encryption.org/v1, "The X25519 recipient type"), as written:
 *
 *   ephemeral secret e, share = X25519(e, basepoint)
 *   shared = X25519(e, recipient)            (all-zero result refused)
 *   wrapKey = HKDF-SHA-256(ikm = shared, salt = share || recipient, info = "age-encryption.org/v1/X25519", 32)
 *   body    = ChaCha20-Poly1305(wrapKey, nonce = 12 zero bytes, key)
 *
 * Coffer stores the stanza as `share(32) || body` (the textual `-> X25519 <share>` line is age's framing, not
 * needed here). The wrapped key is 32 bytes instead of age's 16-byte file key; the construction is unchanged.
 * A stanza binds nothing else: where it sits is bound by the Ed25519-signed grant that carries it.
 */
const ageInfo = Buffer.from('age-encryption.org/v1/X25519', 'latin1');
const zeroNonce = Buffer.alloc(12);
const tagLength = 16;
export const recipientStanzaOverhead = 32 + tagLength;

function stanzaKey(shared: Buffer, share: Uint8Array, recipient: Uint8Array): Buffer {
  if (shared.every((b) => b === 0)) throw new IntegrityError('recipient stanza (low-order key)');
  return hkdfExpand('sha256', hkdfExtract('sha256', Buffer.concat([share, recipient]), shared), ageInfo, 32);
}

/** Wraps `key` (1..1024 bytes) to the X25519 public key `recipient`. */
export function sealToRecipient(recipient: Uint8Array, key: Uint8Array): Buffer {
  requireLength(recipient, 32, 'recipient public key');
  requireBytes(key, 'key');
  if (key.length === 0 || key.length > 1024) throw new RangeError('a sealed key must be 1..1024 bytes');
  const ephemeral = generateX25519();
  const wrapKey = stanzaKey(x25519(ephemeral.privateKey, recipient), ephemeral.publicKey, recipient);
  const cipher = createCipheriv('chacha20-poly1305', wrapKey, zeroNonce, { authTagLength: tagLength });
  const body = Buffer.concat([cipher.update(key), cipher.final(), cipher.getAuthTag()]);
  return Buffer.concat([ephemeral.publicKey, body]);
}

/** Opens a stanza with the recipient's X25519 private key; IntegrityError when it was not made for this key or was altered. */
export function openFromRecipient(privateKey: Uint8Array, stanza: Uint8Array): Buffer {
  requireLength(privateKey, 32, 'x25519 private key');
  if (!(stanza instanceof Uint8Array) || stanza.length <= recipientStanzaOverhead) throw new IntegrityError('recipient stanza');
  const share = stanza.subarray(0, 32);
  let wrapKey: Buffer;
  try {
    wrapKey = stanzaKey(x25519(privateKey, share), share, x25519PublicKey(privateKey));
  } catch {
    throw new IntegrityError('recipient stanza');
  }
  const decipher = createDecipheriv('chacha20-poly1305', wrapKey, zeroNonce, { authTagLength: tagLength });
  decipher.setAuthTag(stanza.subarray(stanza.length - tagLength));
  const key = decipher.update(stanza.subarray(32, stanza.length - tagLength));
  try {
    decipher.final();
  } catch {
    key.fill(0);
    throw new IntegrityError('recipient stanza');
  }
  return key;
}
