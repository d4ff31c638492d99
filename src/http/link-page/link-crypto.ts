/**
 * The link recipient's decryptor: runs in the browser (WebCrypto) and in Node (globalThis.crypto.subtle) alike, and
 * imports nothing, so the built file is served to browsers as it is (/s/assets/link-crypto.js).
 *
 * It re-implements, for WebCrypto, exactly the formats of docs/format.md: HKDF subkeys, the key-wrap and
 * sealed-name envelopes, the link key derivations, and Cobblestone-256 chunk decryption. The key commitment is
 * checked before any chunk is opened; every chunk authenticates at its own index, and the short final chunk at
 * the index the stored size implies, so truncation, extension, reordering and swapped objects all fail.
 */
const subtle = globalThis.crypto.subtle;
const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export const chunkSize = 16384;
export const sealedChunkSize = 16400;
export const chunksPerObject = 256;

export class LinkIntegrityError extends Error {
  constructor(what: string) {
    super(`Integrity check failed: ${what}.`);
    this.name = 'LinkIntegrityError';
  }
}

type Bytes = Uint8Array<ArrayBuffer>;

function bytes(length: number): Bytes {
  return new Uint8Array(new ArrayBuffer(length));
}

function concat(...parts: Uint8Array[]): Bytes {
  const out = bytes(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function ascii(text: string): Bytes {
  return concat(encoder.encode(text));
}

/** u16be(len) || bytes, the field encoding of every Coffer AAD. */
function field(value: string | Uint8Array): Bytes {
  const raw = typeof value === 'string' ? encoder.encode(value) : value;
  const out = bytes(2 + raw.length);
  out[0] = raw.length >> 8;
  out[1] = raw.length & 0xff;
  out.set(raw, 2);
  return out;
}

export function fromBase64(text: string): Bytes {
  const normal = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(normal + '='.repeat((4 - (normal.length % 4)) % 4));
  const out = bytes(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function toBase64Url(data: Uint8Array): string {
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function equalConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

/** deriveSubkey(key, label): HKDF-SHA-256 with an empty salt (docs/format.md, "HKDF and subkeys"). */
export async function deriveSubkey(key: Uint8Array, label: string): Promise<Bytes> {
  const ikm = await subtle.importKey('raw', concat(key), 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: bytes(0), info: ascii(label) }, ikm, 256);
  return new Uint8Array(bits);
}

async function openEnvelope(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array, what: string): Promise<Bytes> {
  if (sealed.length < 29 || sealed[0] !== 0x01) throw new LinkIntegrityError(what);
  const aes = await subtle.importKey('raw', concat(key), 'AES-GCM', false, ['decrypt']);
  try {
    const plain = await subtle.decrypt(
      { name: 'AES-GCM', iv: concat(sealed.subarray(1, 13)), additionalData: concat(aad), tagLength: 128 },
      aes,
      concat(sealed.subarray(13)),
    );
    return new Uint8Array(plain);
  } catch {
    throw new LinkIntegrityError(what);
  }
}

export interface WrapContext {
  readonly keyType: string;
  readonly keyId: string;
  readonly wrappingKeyType: string;
  readonly wrappingKeyId: string;
}

export async function unwrapKey(wrappingKey: Uint8Array, wrapped: Uint8Array, context: WrapContext): Promise<Bytes> {
  const aad = concat(ascii('coffer/v1/wrap'), field(context.keyType), field(context.keyId), field(context.wrappingKeyType), field(context.wrappingKeyId));
  return openEnvelope(await deriveSubkey(wrappingKey, 'coffer/v1/wrap'), wrapped, aad, `key wrap ${context.keyType}`);
}

export async function openName(folderKey: Uint8Array, sealed: Uint8Array, nodeId: string, parentId: string): Promise<string> {
  const aad = concat(ascii('coffer/v1/name'), field(nodeId), field(parentId));
  const plain = await openEnvelope(await deriveSubkey(folderKey, 'coffer/v1/name'), sealed, aad, 'name');
  return strictUtf8.decode(plain);
}

/** Keys of a link from the secret in the URL fragment (docs/format.md, "Link keys"). */
export async function linkKeys(secret: Uint8Array): Promise<{ kek: Bytes; access: Bytes }> {
  if (secret.length !== 32) throw new LinkIntegrityError('link secret');
  return { kek: await deriveSubkey(secret, 'coffer/v1/link-kek'), access: await deriveSubkey(secret, 'coffer/v1/link-access') };
}

export interface LinkNode {
  readonly id: string;
  readonly type: 'file' | 'folder';
  readonly keyWrapped: Uint8Array;
  readonly nameSealed: Uint8Array;
}

/** The link's root: its key unwrapped under the link kek, its name sealed for the link. */
export async function openLinkRoot(kek: Uint8Array, linkId: string, root: LinkNode): Promise<{ key: Bytes; name: string }> {
  const key = await unwrapKey(kek, root.keyWrapped, { keyType: root.type, keyId: root.id, wrappingKeyType: 'link', wrappingKeyId: linkId });
  const name = await openName(await deriveSubkey(key, 'coffer/v1/shared-name'), root.nameSealed, root.id, linkId);
  return { key, name };
}

/** A child inside a folder link, opened with its parent folder's key. */
export async function openChild(folderKey: Uint8Array, folderId: string, child: LinkNode): Promise<{ key: Bytes; name: string }> {
  const key = await unwrapKey(folderKey, child.keyWrapped, { keyType: child.type, keyId: child.id, wrappingKeyType: 'folder', wrappingKeyId: folderId });
  return { key, name: await openName(folderKey, child.nameSealed, child.id, folderId) };
}

async function hkdfExpandSha512(prk: Uint8Array, info: Uint8Array, length: number): Promise<Bytes> {
  const hmac = await subtle.importKey('raw', concat(prk), { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
  const out = bytes(length);
  let previous = bytes(0);
  for (let offset = 0, i = 1; offset < length; i++) {
    previous = new Uint8Array(await subtle.sign('HMAC', hmac, concat(previous, info, Uint8Array.of(i))));
    out.set(previous.subarray(0, Math.min(previous.length, length - offset)), offset);
    offset += previous.length;
  }
  return out;
}

export interface ChunkKeys {
  readonly aes: Awaited<ReturnType<typeof subtle.importKey>>;
  readonly baseNonce: Bytes;
}

/** Cobblestone-256 key derivation for a file version, with the commitment checked before anything is decrypted. */
export async function openVersionKeys(dataKey: Uint8Array, fileId: string, versionId: string, salt: Uint8Array, commitment: Uint8Array): Promise<ChunkKeys> {
  if (dataKey.length !== 32 || salt.length !== 24) throw new LinkIntegrityError('version header');
  const context = concat(ascii('coffer/v1/content'), field(fileId), field(versionId));
  const info = concat(ascii('c2sp.org/chunked-encryption@v1+AEAD_AES_256_GCM'), Uint8Array.of(0), salt, context);
  const okm = await hkdfExpandSha512(dataKey, info, 76);
  if (!equalConstantTime(okm.subarray(44, 76), commitment)) throw new LinkIntegrityError('key commitment');
  return { aes: await subtle.importKey('raw', okm.subarray(0, 32), 'AES-GCM', false, ['decrypt']), baseNonce: okm.slice(32, 44) };
}

function chunkNonce(baseNonce: Uint8Array, index: number): Bytes {
  const nonce = concat(baseNonce);
  // The index is at most 2^38 (docs/format.md), so it touches only the last 5 bytes.
  let value = index;
  for (let i = 11; i >= 7 && value > 0; i--) {
    nonce[i] = (nonce[i] as number) ^ (value % 256);
    value = Math.floor(value / 256);
  }
  return nonce;
}

/** The stored layout a plaintext size implies: sealed sizes of every object, in order. */
export function expectedObjectSizes(size: number): number[] {
  const chunks = Math.floor(size / chunkSize) + 1;
  const finalSealed = (size % chunkSize) + 16;
  const sizes: number[] = [];
  for (let first = 0; first < chunks; first += chunksPerObject) {
    const count = Math.min(chunksPerObject, chunks - first);
    const last = first + count === chunks;
    sizes.push(last ? (count - 1) * sealedChunkSize + finalSealed : count * sealedChunkSize);
  }
  return sizes;
}

/**
 * Decrypts one stored object (object `objectIndex` of a version of `size` bytes). The object's length must be the
 * one the size implies, and every chunk must authenticate at its global index before any plaintext is returned.
 */
export async function openObject(keys: ChunkKeys, size: number, objectIndex: number, sealed: Uint8Array): Promise<Bytes> {
  const expected = expectedObjectSizes(size);
  if (objectIndex >= expected.length || sealed.length !== expected[objectIndex]) throw new LinkIntegrityError('object length');
  const firstChunk = objectIndex * chunksPerObject;
  const pieces: Promise<ArrayBuffer>[] = [];
  for (let offset = 0, i = 0; offset < sealed.length; offset += sealedChunkSize, i++) {
    const chunk = sealed.subarray(offset, Math.min(offset + sealedChunkSize, sealed.length));
    pieces.push(subtle.decrypt({ name: 'AES-GCM', iv: chunkNonce(keys.baseNonce, firstChunk + i), tagLength: 128 }, keys.aes, concat(chunk)));
  }
  try {
    return concat(...(await Promise.all(pieces)).map((p) => new Uint8Array(p)));
  } catch {
    throw new LinkIntegrityError(`chunk of object ${objectIndex}`);
  }
}
