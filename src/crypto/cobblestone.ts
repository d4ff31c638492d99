import { createCipheriv, createDecipheriv, randomBytes, timingSafeEqual } from 'node:crypto';
import { IntegrityError } from '../domain/index.js';
import { RecordSplitter } from './record-splitter.js';
import { requireBytes, requireLength } from './bytes.js';
import { hkdfExpand } from './hkdf.js';

/**
 * Cobblestone-256: c2sp.org/chunked-encryption instantiated with HKDF-SHA-512 and AES-256-GCM.
 *
 *   aeadKey(32) || baseNonce(12) || commitment(32) =
 *     HKDF-Expand-SHA-512(prk = inputKey, info = "c2sp.org/chunked-encryption@v1+AEAD_AES_256_GCM" || 0x00 || salt || context, 76)
 *   ciphertext = salt(24) || commitment(32) || chunk_0 || ... || chunk_n
 *   chunk_i    = AES-256-GCM(aeadKey, nonce_i, plaintext_i, aad = empty)   (ciphertext || 16-byte tag)
 *   nonce_i    = baseNonce XOR (i as a big-endian integer, i < 2^38)
 *
 * Every chunk but the last holds exactly 16 KiB of plaintext; the last holds less (possibly nothing). That is what
 * protects against truncation: there is no "last chunk" flag.
 */

export const chunkSize = 16384;
export const tagSize = 16;
export const saltSize = 24;
export const commitmentSize = 32;
export const headerSize = saltSize + commitmentSize; // 56
export const sealedChunkSize = chunkSize + tagSize; // 16400

const keySize = 32;
const nonceSize = 12;
const maxChunks = 2 ** 38;
const infoPrefix = Buffer.from('c2sp.org/chunked-encryption@v1+AEAD_AES_256_GCM\x00', 'latin1');

export interface ChunkKeys {
  aeadKey: Buffer;
  baseNonce: Buffer;
  commitment: Buffer;
}

/** Derives the per-message AEAD key, base nonce and key commitment. Throws RangeError for a wrong key or salt size. */
export function deriveChunkKeys(inputKey: Uint8Array, salt: Uint8Array, context: Uint8Array): ChunkKeys {
  requireLength(inputKey, keySize, 'Cobblestone input key');
  requireLength(salt, saltSize, 'Cobblestone salt');
  requireBytes(context, 'Cobblestone context');
  const info = Buffer.concat([infoPrefix, salt, context]);
  const okm = hkdfExpand('sha512', inputKey, info, keySize + nonceSize + commitmentSize);
  return {
    aeadKey: okm.subarray(0, keySize),
    baseNonce: okm.subarray(keySize, keySize + nonceSize),
    commitment: okm.subarray(keySize + nonceSize),
  };
}

/** Constant-time comparison of a stored commitment with the derived one. */
export function checkCommitment(keys: ChunkKeys, commitment: Uint8Array): void {
  requireBytes(commitment, 'commitment');
  if (commitment.length !== commitmentSize || !timingSafeEqual(keys.commitment, commitment)) {
    throw new IntegrityError('key commitment');
  }
}

/** nonce_i = baseNonce XOR big-endian(i) in the last 5 bytes (a 38-bit counter). */
export function chunkNonce(baseNonce: Buffer, index: number): Buffer {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError('chunk index must be a non-negative integer');
  if (index >= maxChunks) throw new RangeError('chunk index must be below 2^38');
  const nonce = Buffer.from(baseNonce);
  const high = Math.floor(index / 2 ** 32);
  const low = index >>> 0;
  nonce[7] = nonce[7]! ^ high;
  nonce[8] = nonce[8]! ^ (low >>> 24);
  nonce[9] = nonce[9]! ^ ((low >>> 16) & 0xff);
  nonce[10] = nonce[10]! ^ ((low >>> 8) & 0xff);
  nonce[11] = nonce[11]! ^ (low & 0xff);
  return nonce;
}

function checkKeys(keys: ChunkKeys): void {
  if (keys === null || typeof keys !== 'object') throw new TypeError('chunk keys are required');
  requireLength(keys.aeadKey, keySize, 'AEAD key');
  requireLength(keys.baseNonce, nonceSize, 'base nonce');
}

/** Seals `plaintext` (at most 16 KiB) as chunk `index` into `out` at `offset`; returns the bytes written. */
function sealInto(keys: ChunkKeys, index: number, plaintext: Uint8Array, out: Buffer, offset: number): number {
  const cipher = createCipheriv('aes-256-gcm', keys.aeadKey, chunkNonce(keys.baseNonce, index));
  const body = cipher.update(plaintext);
  out.set(body, offset);
  const rest = cipher.final(); // empty for GCM
  if (rest.length !== 0) out.set(rest, offset + body.length);
  out.set(cipher.getAuthTag(), offset + plaintext.length);
  return plaintext.length + tagSize;
}

/**
 * Opens one sealed chunk; returns a fresh plaintext buffer only after the tag verified.
 * The caller has already checked the sealed length (tagSize .. sealedChunkSize).
 */
function openUnchecked(keys: ChunkKeys, index: number, sealed: Uint8Array): Buffer {
  const split = sealed.length - tagSize;
  const decipher = createDecipheriv('aes-256-gcm', keys.aeadKey, chunkNonce(keys.baseNonce, index));
  decipher.setAuthTag(sealed.subarray(split));
  const plaintext = decipher.update(sealed.subarray(0, split));
  try {
    decipher.final();
  } catch {
    plaintext.fill(0); // never let unauthenticated plaintext escape
    throw new IntegrityError(`chunk ${index}`);
  }
  return plaintext;
}

/** Seals one chunk: AES-256-GCM ciphertext || tag. `plaintext` must be at most 16 KiB. */
export function sealChunk(keys: ChunkKeys, index: number, plaintext: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(plaintext.length + tagSize);
  sealChunkInto(keys, index, plaintext, out, 0);
  return out;
}

/** sealChunk into `out` at `offset` (room for plaintext + tag needed); returns the bytes written. Saves a copy per chunk. */
export function sealChunkInto(keys: ChunkKeys, index: number, plaintext: Uint8Array, out: Buffer, offset: number): number {
  checkKeys(keys);
  requireBytes(plaintext, 'plaintext');
  if (plaintext.length > chunkSize) throw new RangeError(`a chunk holds at most ${chunkSize} bytes`);
  if (!Number.isSafeInteger(offset) || offset < 0 || offset + plaintext.length + tagSize > out.length) throw new RangeError('no room for the sealed chunk');
  return sealInto(keys, index, plaintext, out, offset);
}

/**
 * Opens one sealed chunk (16..16400 bytes). Throws IntegrityError('chunk N') if it does not authenticate as chunk N.
 * It does not know whether the chunk is the final one: a random-access reader derives that from the total length
 * (every chunk but the last is exactly sealedChunkSize bytes, the last is shorter).
 */
export function openChunk(keys: ChunkKeys, index: number, sealed: Uint8Array): Buffer {
  checkKeys(keys);
  requireBytes(sealed, 'sealed chunk');
  chunkNonce(keys.baseNonce, index); // validates the index before anything else
  if (sealed.length < tagSize || sealed.length > sealedChunkSize) throw new IntegrityError(`chunk ${index}`);
  return openUnchecked(keys, index, sealed);
}

/**
 * Streaming encryptor over the chunk layer (no header). push() returns the chunks completed so far (each exactly
 * sealedChunkSize bytes); finish() returns the final chunk, which is always shorter than 16 KiB of plaintext and may be
 * empty. Input buffers are read synchronously and never retained.
 */
export class ChunkEncryptor {
  readonly #keys: ChunkKeys;
  readonly #chunks = new RecordSplitter(chunkSize);
  #index = 0;
  #plaintextBytes = 0;
  #state: 'open' | 'finished' | 'failed' = 'open';

  constructor(keys: ChunkKeys) {
    checkKeys(keys);
    this.#keys = { aeadKey: Buffer.from(keys.aeadKey), baseNonce: Buffer.from(keys.baseNonce), commitment: Buffer.from(keys.commitment) };
  }

  /** Number of chunks sealed so far (including the final one once finish() returned). */
  get chunksSealed(): number {
    return this.#index;
  }

  /** Plaintext bytes accepted so far. */
  get plaintextBytes(): number {
    return this.#plaintextBytes;
  }

  push(data: Uint8Array): Buffer[] {
    this.#checkOpen();
    requireBytes(data, 'data');
    const out: Buffer[] = [];
    try {
      this.#chunks.push(data, (chunk) => out.push(this.#seal(chunk)));
      this.#plaintextBytes += data.length;
    } catch (err) {
      this.#fail();
      throw err;
    }
    return out;
  }

  finish(): Buffer {
    this.#checkOpen();
    try {
      const last = this.#seal(this.#chunks.rest());
      this.#state = 'finished';
      this.#chunks.wipe();
      return last;
    } catch (err) {
      this.#fail();
      throw err;
    }
  }

  #seal(plaintext: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(plaintext.length + tagSize);
    sealInto(this.#keys, this.#index, plaintext, out, 0);
    this.#index++;
    return out;
  }

  #checkOpen(): void {
    if (this.#state === 'finished') throw new Error('ChunkEncryptor: already finished');
    if (this.#state === 'failed') throw new Error('ChunkEncryptor: a previous call failed');
  }

  #fail(): void {
    this.#state = 'failed';
    this.#chunks.wipe();
  }
}

/**
 * Streaming decryptor over the chunk layer (no header; Cobblestone "raw mode"). push() returns the plaintext of every
 * chunk that authenticated so far; finish() authenticates the final (short, possibly empty) chunk and returns its
 * plaintext. Only authenticated plaintext is ever returned. After any failure every later call throws IntegrityError.
 */
export class ChunkDecryptor {
  readonly #keys: ChunkKeys;
  readonly #chunks = new RecordSplitter(sealedChunkSize);
  #index = 0;
  #state: 'open' | 'finished' | 'failed' = 'open';
  #failure: unknown;

  constructor(keys: ChunkKeys) {
    checkKeys(keys);
    this.#keys = { aeadKey: Buffer.from(keys.aeadKey), baseNonce: Buffer.from(keys.baseNonce), commitment: Buffer.from(keys.commitment) };
  }

  /** Chunks authenticated so far. */
  get chunksOpened(): number {
    return this.#index;
  }

  push(data: Uint8Array): Buffer[] {
    this.#checkOpen();
    requireBytes(data, 'data');
    const out: Buffer[] = [];
    try {
      // A full-size sealed chunk can never be the final one, so it is opened as soon as it is complete.
      this.#chunks.push(data, (chunk) => out.push(this.#open(chunk)));
    } catch (err) {
      throw this.#fail(err);
    }
    return out;
  }

  finish(): Buffer {
    this.#checkOpen();
    try {
      const rest = this.#chunks.rest();
      if (rest.length < tagSize) throw new IntegrityError('truncated message');
      const last = this.#open(rest);
      this.#state = 'finished';
      return last;
    } catch (err) {
      throw this.#fail(err);
    }
  }

  #open(sealed: Uint8Array): Buffer {
    const plaintext = openUnchecked(this.#keys, this.#index, sealed);
    this.#index++;
    return plaintext;
  }

  #checkOpen(): void {
    if (this.#state === 'failed') throw this.#failure; // the same error, every time
    if (this.#state === 'finished') throw new Error('ChunkDecryptor: already finished');
  }

  /** Any failure (IntegrityError, or RangeError at the 2^38 chunk limit) ends the message for good. */
  #fail(err: unknown): unknown {
    this.#state = 'failed';
    this.#failure = err;
    this.#chunks.wipe();
    return err;
  }
}

/** Number of sealed bytes (without the header) for a plaintext of `length` bytes. */
export function sealedLength(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError('length must be a non-negative integer');
  const full = Math.floor(length / chunkSize);
  return full * sealedChunkSize + (length - full * chunkSize) + tagSize;
}

/** Whole-message encryption: salt || commitment || chunks. `salt` is random unless given (tests, vectors). */
export function encryptMessage(inputKey: Uint8Array, context: Uint8Array, message: Uint8Array, salt?: Uint8Array): Buffer {
  requireBytes(message, 'message');
  const s = salt === undefined ? randomBytes(saltSize) : salt;
  const keys = deriveChunkKeys(inputKey, s, context);
  const full = Math.floor(message.length / chunkSize);
  if (full >= maxChunks) throw new RangeError('message too long');
  const out = Buffer.allocUnsafe(headerSize + sealedLength(message.length));
  out.set(s, 0);
  keys.commitment.copy(out, saltSize);
  let offset = headerSize;
  for (let i = 0; i < full; i++) {
    offset += sealInto(keys, i, message.subarray(i * chunkSize, (i + 1) * chunkSize), out, offset);
  }
  offset += sealInto(keys, full, message.subarray(full * chunkSize), out, offset);
  return out;
}

/**
 * Whole-message decryption. Checks the key commitment before decrypting any chunk, then requires every chunk but the
 * last to be full-size and the last to be shorter (16..16399 sealed bytes). Throws IntegrityError on any failure.
 */
export function decryptMessage(inputKey: Uint8Array, context: Uint8Array, ciphertext: Uint8Array): Buffer {
  requireLength(inputKey, keySize, 'Cobblestone input key');
  requireBytes(context, 'Cobblestone context');
  requireBytes(ciphertext, 'ciphertext');
  if (ciphertext.length < headerSize) throw new IntegrityError('message header');
  const keys = deriveChunkKeys(inputKey, ciphertext.subarray(0, saltSize), context);
  checkCommitment(keys, ciphertext.subarray(saltSize, headerSize));
  const bodyLength = ciphertext.length - headerSize;
  const full = Math.floor(bodyLength / sealedChunkSize);
  const finalLength = bodyLength - full * sealedChunkSize;
  if (finalLength < tagSize) throw new IntegrityError('truncated message');
  if (full >= maxChunks) throw new IntegrityError('message too long');
  const out = Buffer.allocUnsafe(full * chunkSize + finalLength - tagSize);
  let offset = headerSize;
  try {
    for (let i = 0; i <= full; i++) {
      const length = i < full ? sealedChunkSize : finalLength;
      const plaintext = openUnchecked(keys, i, ciphertext.subarray(offset, offset + length));
      out.set(plaintext, i * chunkSize);
      plaintext.fill(0);
      offset += length;
    }
  } catch (err) {
    out.fill(0);
    throw err;
  }
  return out;
}

/**
 * Streaming decryption of a whole Cobblestone ciphertext (header then chunks), fed in pieces of any size.
 * The commitment is checked as soon as the 56-byte header is complete, before any chunk is decrypted.
 * Only authenticated plaintext is returned; after any failure every later call throws IntegrityError.
 */
export class MessageDecryptor {
  readonly #inputKey: Buffer;
  readonly #context: Buffer;
  readonly #header = Buffer.alloc(headerSize);
  #headerLength = 0;
  #chunks: ChunkDecryptor | undefined;
  #failure: unknown;
  #failed = false;

  constructor(inputKey: Uint8Array, context: Uint8Array) {
    requireLength(inputKey, keySize, 'Cobblestone input key');
    requireBytes(context, 'Cobblestone context');
    this.#inputKey = Buffer.from(inputKey);
    this.#context = Buffer.from(context);
  }

  push(data: Uint8Array): Buffer[] {
    if (this.#failed) throw this.#failure;
    requireBytes(data, 'data');
    let rest = data;
    if (this.#chunks === undefined) {
      const take = Math.min(headerSize - this.#headerLength, rest.length);
      this.#header.set(rest.subarray(0, take), this.#headerLength);
      this.#headerLength += take;
      rest = rest.subarray(take);
      if (this.#headerLength < headerSize) return [];
      this.#startChunks();
    }
    return this.#chunks!.push(rest);
  }

  finish(): Buffer {
    if (this.#failed) throw this.#failure;
    if (this.#chunks === undefined) {
      this.#inputKey.fill(0);
      throw this.#fail(new IntegrityError('message header'));
    }
    return this.#chunks.finish();
  }

  #startChunks(): void {
    const keys = deriveChunkKeys(this.#inputKey, this.#header.subarray(0, saltSize), this.#context);
    this.#inputKey.fill(0);
    try {
      checkCommitment(keys, this.#header.subarray(saltSize));
    } catch (err) {
      throw this.#fail(err);
    }
    this.#chunks = new ChunkDecryptor(keys);
  }

  #fail(err: unknown): unknown {
    this.#failed = true;
    this.#failure = err;
    return err;
  }
}
