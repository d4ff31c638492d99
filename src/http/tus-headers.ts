import type { FastifyRequest } from 'fastify';
import { CofferError } from '../domain/index.js';
import { checksumAlgorithms, type ChecksumAlgorithm } from '../features/uploads/index.js';

/** The header grammar of tus 1.0.0 (docs/tus.md): numbers, Upload-Metadata and Upload-Checksum. */
export const tusOctetStream = 'application/offset+octet-stream';

function single(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function byteCount(request: FastifyRequest, name: string): number | undefined {
  const raw = single(request, name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,16}$/.test(raw.trim())) throw new CofferError('request.invalid', `${name} must be a whole number of bytes.`);
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value)) throw new CofferError('request.invalid', `${name} is too large.`);
  return value;
}

export function requireByteCount(request: FastifyRequest, name: string): number {
  const value = byteCount(request, name);
  if (value === undefined) throw new CofferError('request.invalid', `The ${name} header is required.`);
  return value;
}

export function isOctetStream(request: FastifyRequest): boolean {
  return (single(request, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() === tusOctetStream;
}

/** `key base64value,key2 base64value2`; keys are unique ASCII without spaces or commas, values may be absent. */
export function parseMetadata(request: FastifyRequest): Map<string, string> {
  const raw = single(request, 'upload-metadata') ?? '';
  const out = new Map<string, string>();
  if (raw.length > 8192) throw new CofferError('request.invalid', 'Upload-Metadata is too long.');
  for (const pair of raw.split(',')) {
    const trimmed = pair.trim();
    if (trimmed === '') continue;
    const [key, value, extra] = trimmed.split(/ +/);
    if (!key || extra !== undefined || !/^[\x21-\x2b\x2d-\x7e]+$/.test(key) || (value !== undefined && !/^[A-Za-z0-9+/]*={0,2}$/.test(value))) {
      throw new CofferError('request.invalid', 'Upload-Metadata must be comma-separated "key base64value" pairs.');
    }
    if (out.has(key)) throw new CofferError('request.invalid', `Upload-Metadata names ${key} twice.`);
    const decoded = Buffer.from(value ?? '', 'base64').toString('utf8');
    if (decoded.includes('\uFFFD')) throw new CofferError('request.invalid', `Upload-Metadata ${key} is not valid UTF-8.`);
    out.set(key, decoded);
  }
  return out;
}

/** `Upload-Checksum: <algorithm> <base64 digest>`; an algorithm we do not offer is a 400, as tus asks. */
export function parseChecksum(request: FastifyRequest): { algorithm: ChecksumAlgorithm; digest: Buffer } | undefined {
  const raw = single(request, 'upload-checksum');
  if (raw === undefined) return undefined;
  const match = /^([a-z0-9-]+) ([A-Za-z0-9+/]+={0,2})$/.exec(raw.trim());
  const algorithm = checksumAlgorithms.find((a) => a === match?.[1]);
  if (!match?.[2] || !algorithm) {
    throw new CofferError('request.invalid', `Upload-Checksum must be "<algorithm> <base64 digest>" with one of: ${checksumAlgorithms.join(', ')}.`);
  }
  return { algorithm, digest: Buffer.from(match[2], 'base64') };
}
