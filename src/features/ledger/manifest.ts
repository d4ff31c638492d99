import { sha256 } from '../../crypto/index.js';

/**
 * A version's manifest (docs/format.md, "Version manifest"): everything a keyless verifier needs to recognise the
 * stored ciphertext, in one canonical byte string whose SHA-256 the log records.
 *   "coffer/v1/manifest" || 0x01 || field(fileId) || field(versionId) || u64be(size) || u64be(storedSize)
 *   || salt (24) || commitment (32) || u32be(n) || n × (object hash (32) || u64be(object size))
 */
export interface Manifest {
  readonly fileId: string;
  readonly versionId: string;
  readonly size: number;
  readonly storedSize: number;
  readonly salt: Buffer;
  readonly commitment: Buffer;
  /** In object order; `hash` is the object's name as 32 raw bytes. */
  readonly objects: readonly { readonly hash: Buffer; readonly size: number }[];
}

const label = Buffer.from('coffer/v1/manifest', 'ascii');

function u64(value: number): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt(value));
  return out;
}

function field(text: string): Buffer {
  const bytes = Buffer.from(text, 'ascii');
  return Buffer.concat([Buffer.from([bytes.length >> 8, bytes.length & 0xff]), bytes]);
}

export function encodeManifest(m: Manifest): Buffer {
  if (m.salt.length !== 24 || m.commitment.length !== 32) throw new RangeError('manifest salt must be 24 bytes and commitment 32');
  const count = Buffer.alloc(4);
  count.writeUInt32BE(m.objects.length);
  const parts = [label, Buffer.from([1]), field(m.fileId), field(m.versionId), u64(m.size), u64(m.storedSize), m.salt, m.commitment, count];
  for (const o of m.objects) {
    if (o.hash.length !== 32) throw new RangeError('manifest object hashes must be 32 bytes');
    parts.push(o.hash, u64(o.size));
  }
  return Buffer.concat(parts);
}

export function manifestHash(m: Manifest): Buffer {
  return sha256(encodeManifest(m));
}
