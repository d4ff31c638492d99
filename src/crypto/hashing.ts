import { createHash } from 'node:crypto';

/** SHA-256 of `data`. For streams use node:crypto createHash('sha256') directly. */
export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}
