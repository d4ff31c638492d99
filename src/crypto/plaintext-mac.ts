import { createHmac, type Hmac } from 'node:crypto';
import { deriveSubkey } from './hkdf.js';
import { lengthPrefixed16, requireLength, utf8 } from './bytes.js';

/**
 * The plaintext commitment of a file version (docs/format.md, "Plaintext commitment"):
 *   key = deriveSubkey(data key, "coffer/v1/plaintext-mac")
 *   mac = HMAC-SHA-256(key, field(fileId) || field(versionId) || plaintext)
 * Keyed so that the value in the log tells nobody without the key anything about the content (no confirmation
 * of a guessed file); the key is independent of every encryption key, so handing it out in a receipt opens nothing.
 */
export const plaintextMacLabel = 'coffer/v1/plaintext-mac';

export function plaintextMacKey(dataKey: Uint8Array): Buffer {
  requireLength(dataKey, 32, 'data key');
  return deriveSubkey(dataKey, plaintextMacLabel);
}

/** Streams plaintext into the commitment. */
export class PlaintextMac {
  private readonly hmac: Hmac;

  constructor(key: Uint8Array, fileId: string, versionId: string) {
    requireLength(key, 32, 'plaintext MAC key');
    this.hmac = createHmac('sha256', key)
      .update(lengthPrefixed16(utf8(fileId, 'fileId'), 'fileId'))
      .update(lengthPrefixed16(utf8(versionId, 'versionId'), 'versionId'));
  }

  update(piece: Uint8Array): void {
    this.hmac.update(piece);
  }

  digest(): Buffer {
    return this.hmac.digest();
  }
}
