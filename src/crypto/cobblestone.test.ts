import { createHash, randomBytes } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../domain/index.js';
import {
  ChunkDecryptor,
  ChunkEncryptor,
  MessageDecryptor,
  chunkSize,
  checkCommitment,
  decryptMessage,
  deriveChunkKeys,
  encryptMessage,
  headerSize,
  openChunk,
  saltSize,
  sealChunk,
  sealedChunkSize,
  sealedLength,
  tagSize,
  type ChunkKeys,
} from './index.js';
import { chunkNonce } from './cobblestone.js';
import { readVectorJson, sharedVectorsDir } from './test-vectors.js';

interface CobblestoneCase {
  tcId: number;
  comment: string;
  key: string;
  ctx: string;
  ct: string;
  aeadKey?: string;
  baseNonce?: string;
  msgLength?: number;
  msgSha512?: string;
  result: 'valid' | 'invalid';
  flags: string[];
}
interface CobblestoneFile {
  algorithm: string;
  testGroups: { aead: string; sha: string; tests: CobblestoneCase[] }[];
}

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const sha512 = (data: Uint8Array): string => createHash('sha512').update(data).digest('hex');

/** Checks a (possibly partial) plaintext against msgLength / msgSha512 (a prefix compare if the hex is short). */
function expectMessage(t: CobblestoneCase, plaintext: Buffer): void {
  expect(plaintext.length).toBe(t.msgLength);
  const digest = sha512(plaintext);
  expect(digest.startsWith(t.msgSha512!.toLowerCase())).toBe(true);
}

/** Deterministic "odd" piece sizes, including 1-byte pieces and pieces larger than a chunk. */
function oddPieces(data: Buffer, seed: number): Buffer[] {
  const sizes = [1, 7, 55, 56, 57, 16399, 16400, 16401, 3, 40000, 13, 100003];
  const out: Buffer[] = [];
  let offset = 0;
  for (let i = seed; offset < data.length; i++) {
    const n = sizes[i % sizes.length]!;
    out.push(data.subarray(offset, offset + n));
    offset += n;
  }
  return out;
}

/** A PartialPlaintext stream may release up to msgLength bytes; a full release must match msgSha512. */
function expectPrefix(t: CobblestoneCase, released: Buffer): void {
  expect(released.length).toBeLessThanOrEqual(t.msgLength!);
  expect(released.length % chunkSize).toBe(0); // whole authenticated chunks only
  if (released.length === t.msgLength) expectMessage(t, released);
}

interface StreamResult {
  released: Buffer;
  error: unknown;
}

/** Feeds a streaming decryptor piece by piece; collects what it released and the first error, then checks it keeps failing. */
function runStream(decryptor: { push(d: Uint8Array): Buffer[]; finish(): Buffer }, pieces: Buffer[]): StreamResult {
  const released: Buffer[] = [];
  let error: unknown;
  try {
    for (const piece of pieces) released.push(...decryptor.push(piece));
    released.push(decryptor.finish());
  } catch (err) {
    error = err;
  }
  if (error !== undefined) {
    // Must keep failing, whatever happens next.
    expect(() => decryptor.push(Buffer.alloc(1))).toThrow(IntegrityError);
    expect(() => decryptor.push(Buffer.alloc(0))).toThrow(IntegrityError);
    expect(() => decryptor.finish()).toThrow(IntegrityError);
    expect(() => decryptor.finish()).toThrow(IntegrityError);
  }
  return { released: Buffer.concat(released), error };
}

/**
 * A valid case releases the whole message; an invalid one fails with IntegrityError having released at most
 * its valid prefix (PartialPlaintext: a push() that fails returns nothing, so possibly less) and else nothing.
 */
function expectStreamOutcome(t: CobblestoneCase, partial: boolean, { released, error }: StreamResult): void {
  if (t.result === 'valid') {
    expect(error).toBeUndefined();
    expectMessage(t, released);
    return;
  }
  expect(error).toBeInstanceOf(IntegrityError);
  if (partial) expectPrefix(t, released);
  else expect(released.length).toBe(0);
}

function rawKeys(t: CobblestoneCase): ChunkKeys {
  return { aeadKey: hex(t.aeadKey!), baseNonce: hex(t.baseNonce!), commitment: Buffer.alloc(32) };
}

const vectorsDir = sharedVectorsDir('Cobblestone (c2sp.org/chunked-encryption)');

describe.skipIf(vectorsDir === null)('Wycheproof c2sp_chunked_encryption_aes_256_gcm', () => {
  const file = vectorsDir === null ? undefined : readVectorJson<CobblestoneFile>(vectorsDir, 'wycheproof', 'c2sp_chunked_encryption_aes_256_gcm_test.json');
  const groups = file?.testGroups ?? [];
  const cases = groups.flatMap((g) => g.tests);

  it('has the expected file', () => {
    expect(file!.algorithm).toBe('Cobblestone-256');
    for (const g of groups) {
      expect(g.aead).toBe('AEAD_AES_256_GCM');
      expect(g.sha).toBe('SHA-512');
    }
    expect(cases.length).toBe(35);
  });

  for (const t of cases) {
    const name = `tc ${t.tcId} (${t.result}${t.flags.length ? ' ' + t.flags.join(',') : ''}): ${t.comment}`;
    const partial = t.flags.includes('PartialPlaintext');
    const raw = !t.flags.includes('HeaderFailure');

    describe(name, () => {
      const ct = inflateSync(hex(t.ct));
      const key = hex(t.key);
      const ctx = hex(t.ctx);

      it('message mode (decryptMessage)', () => {
        if (t.result === 'valid') {
          expectMessage(t, decryptMessage(key, ctx, ct));
        } else if (t.flags.includes('InvalidKeySize')) {
          expect(() => decryptMessage(key, ctx, ct)).toThrow(RangeError);
          expect(() => new MessageDecryptor(key, ctx)).toThrow(RangeError);
        } else {
          expect(() => decryptMessage(key, ctx, ct)).toThrow(IntegrityError);
        }
      });

      if (!t.flags.includes('InvalidKeySize')) {
        it('streaming MessageDecryptor, whole and in odd-sized pieces', () => {
          for (const pieces of [
            [ct],
            oddPieces(ct, 0),
            oddPieces(ct, 5),
            [...ct].map((_, i) => ct.subarray(i, i + 1)).slice(0, ct.length <= 20000 ? ct.length : 0),
          ]) {
            if (pieces.length === 0) continue;
            expectStreamOutcome(t, partial, runStream(new MessageDecryptor(key, ctx), pieces));
          }
        });
      }

      if (raw) {
        it('raw mode (ChunkDecryptor with aeadKey and baseNonce)', () => {
          const body = ct.subarray(headerSize);
          for (const pieces of [[body], oddPieces(body, 2), oddPieces(body, 9)]) {
            expectStreamOutcome(t, partial, runStream(new ChunkDecryptor(rawKeys(t)), pieces));
          }
        });

        it('raw mode keys equal the derived keys', () => {
          const keys = deriveChunkKeys(key, ct.subarray(0, saltSize), ctx);
          expect(keys.aeadKey.toString('hex')).toBe(t.aeadKey);
          expect(keys.baseNonce.toString('hex')).toBe(t.baseNonce);
        });

        it('random access: openChunk over every chunk; final-chunk length authentication', () => {
          const keys = rawKeys(t);
          const body = ct.subarray(headerSize);
          const full = Math.floor(body.length / sealedChunkSize);
          const finalLength = body.length - full * sealedChunkSize;
          let lengthAuthenticated: boolean;
          try {
            if (finalLength < tagSize) throw new IntegrityError('truncated');
            openChunk(keys, full, body.subarray(full * sealedChunkSize));
            lengthAuthenticated = true;
          } catch (err) {
            expect(err).toBeInstanceOf(IntegrityError);
            lengthAuthenticated = false;
          }
          if (t.result === 'valid') expect(lengthAuthenticated).toBe(true);
          else if (!t.flags.includes('ValidFinalChunk')) expect(lengthAuthenticated).toBe(false);

          let allOpened = lengthAuthenticated;
          const pieces: Buffer[] = [];
          for (let i = 0; i < full && allOpened; i++) {
            try {
              pieces.push(openChunk(keys, i, body.subarray(i * sealedChunkSize, (i + 1) * sealedChunkSize)));
            } catch (err) {
              expect(err).toBeInstanceOf(IntegrityError);
              allOpened = false;
            }
          }
          expect(allOpened).toBe(t.result === 'valid');
          if (allOpened) expectMessage(t, Buffer.concat([...pieces, openChunk(keys, full, body.subarray(full * sealedChunkSize))]));
        });
      }

      if (t.result === 'valid') {
        it('encryption reproduces the ciphertext (injected salt, ChunkEncryptor raw mode, sealChunk)', () => {
          const message = decryptMessage(key, ctx, ct);
          expect(encryptMessage(key, ctx, message, ct.subarray(0, saltSize)).equals(ct)).toBe(true);

          const body = ct.subarray(headerSize);
          for (const pieces of [[message], oddPieces(message, 1), oddPieces(message, 4)]) {
            const encryptor = new ChunkEncryptor(rawKeys(t));
            const sealed: Buffer[] = [];
            for (const piece of pieces) sealed.push(...encryptor.push(piece));
            sealed.push(encryptor.finish());
            expect(Buffer.concat(sealed).equals(body)).toBe(true);
            expect(encryptor.plaintextBytes).toBe(message.length);
            expect(encryptor.chunksSealed).toBe(Math.floor(message.length / chunkSize) + 1);
          }

          const keys = rawKeys(t);
          const full = Math.floor(message.length / chunkSize);
          for (const i of new Set([0, 1, full - 1, full].filter((i) => i >= 0 && i <= full))) {
            const sealed = sealChunk(keys, i, message.subarray(i * chunkSize, Math.min((i + 1) * chunkSize, message.length)));
            expect(sealed.equals(body.subarray(i * sealedChunkSize, i * sealedChunkSize + sealed.length))).toBe(true);
          }
        });
      }
    });
  }
});

describe('Cobblestone without vectors', () => {
  const key = randomBytes(32);
  const ctx = Buffer.from('coffer/v1/test\x00context');

  it('round-trips messages around the chunk boundaries', () => {
    for (const n of [0, 1, 15, 16, 17, chunkSize - 1, chunkSize, chunkSize + 1, 2 * chunkSize, 3 * chunkSize + 5]) {
      const message = randomBytes(n);
      const ct = encryptMessage(key, ctx, message);
      expect(ct.length).toBe(headerSize + sealedLength(n));
      expect(decryptMessage(key, ctx, ct).equals(message)).toBe(true);
      const { released, error } = runStream(new MessageDecryptor(key, ctx), oddPieces(ct, n % 7));
      expect(error).toBeUndefined();
      expect(released.equals(message)).toBe(true);
    }
  });

  it('a 16 KiB message is one full chunk and one empty chunk; an empty message is one empty chunk', () => {
    expect(sealedLength(0)).toBe(tagSize);
    expect(sealedLength(chunkSize)).toBe(sealedChunkSize + tagSize);
    expect(sealedLength(chunkSize - 1)).toBe(sealedChunkSize - 1);
    const keys = deriveChunkKeys(key, randomBytes(24), ctx);
    const enc = new ChunkEncryptor(keys);
    expect(enc.push(Buffer.alloc(chunkSize))).toHaveLength(1);
    expect(enc.finish()).toHaveLength(tagSize);
    expect(enc.chunksSealed).toBe(2);
    expect(() => enc.push(Buffer.alloc(1))).toThrow();
    expect(() => enc.finish()).toThrow();
  });

  it('push() accepts pieces of any size, including empty ones', () => {
    const keys = deriveChunkKeys(key, randomBytes(24), ctx);
    const message = randomBytes(5 * chunkSize + 123);
    const a = new ChunkEncryptor(keys);
    const b = new ChunkEncryptor(keys);
    const sa = [...a.push(message), a.finish()];
    const sb: Buffer[] = [];
    for (let i = 0; i < message.length; i += 1000) sb.push(...b.push(Buffer.alloc(0)), ...b.push(message.subarray(i, i + 1000)));
    sb.push(b.finish());
    expect(Buffer.concat(sa).equals(Buffer.concat(sb))).toBe(true);
    expect(sa.slice(0, -1).every((c) => c.length === sealedChunkSize)).toBe(true);
  });

  it('does not retain or alias the caller buffers', () => {
    const keys = deriveChunkKeys(key, randomBytes(24), ctx);
    const data = Buffer.alloc(100, 1);
    const enc = new ChunkEncryptor(keys);
    enc.push(data);
    data.fill(2);
    const last = enc.finish();
    expect(openChunk(keys, 0, last).equals(Buffer.alloc(100, 1))).toBe(true);
  });

  it('rejects a wrong commitment before decrypting, and wrong key or context', () => {
    const ct = encryptMessage(key, ctx, Buffer.from('hello'));
    const keys = deriveChunkKeys(key, ct.subarray(0, saltSize), ctx);
    expect(() => checkCommitment(keys, ct.subarray(saltSize, headerSize))).not.toThrow();
    expect(() => checkCommitment(keys, Buffer.alloc(32))).toThrow(IntegrityError);
    expect(() => checkCommitment(keys, Buffer.alloc(31))).toThrow(IntegrityError);
    expect(() => decryptMessage(randomBytes(32), ctx, ct)).toThrow(/key commitment/);
    expect(() => decryptMessage(key, Buffer.from('other'), ct)).toThrow(/key commitment/);
  });

  it('openChunk rejects a chunk at the wrong index, a bad length, or a flipped bit', () => {
    const keys = deriveChunkKeys(key, randomBytes(24), ctx);
    const sealed = sealChunk(keys, 5, Buffer.from('chunk five'));
    expect(openChunk(keys, 5, sealed).toString()).toBe('chunk five');
    expect(() => openChunk(keys, 4, sealed)).toThrow(IntegrityError);
    expect(() => openChunk(keys, 5, sealed.subarray(0, 15))).toThrow(IntegrityError);
    expect(() => openChunk(keys, 5, Buffer.alloc(sealedChunkSize + 1))).toThrow(IntegrityError);
    const flipped = Buffer.from(sealed);
    flipped[0]! ^= 1;
    expect(() => openChunk(keys, 5, flipped)).toThrow('chunk 5');
    expect(() => sealChunk(keys, 0, Buffer.alloc(chunkSize + 1))).toThrow(RangeError);
  });

  it('nonce = baseNonce XOR big-endian index in the last 5 bytes; index >= 2^38 is refused', () => {
    const base = Buffer.from('000102030405060708090a0b', 'hex');
    expect(chunkNonce(base, 0).toString('hex')).toBe('000102030405060708090a0b');
    expect(chunkNonce(base, 1).toString('hex')).toBe('000102030405060708090a0a');
    expect(chunkNonce(base, 0x100).toString('hex')).toBe('000102030405060708090b0b');
    expect(chunkNonce(base, 2 ** 32).toString('hex')).toBe('000102030405060608090a0b');
    expect(chunkNonce(base, 2 ** 38 - 1).toString('hex')).toBe('0001020304050638f7f6f5f4');
    expect(() => chunkNonce(base, 2 ** 38)).toThrow(RangeError);
    expect(() => chunkNonce(base, -1)).toThrow(RangeError);
    expect(() => chunkNonce(base, 1.5)).toThrow(RangeError);
    const keys: ChunkKeys = { aeadKey: randomBytes(32), baseNonce: base, commitment: Buffer.alloc(32) };
    expect(() => sealChunk(keys, 2 ** 38, Buffer.alloc(1))).toThrow(RangeError);
    expect(openChunk(keys, 2 ** 38 - 1, sealChunk(keys, 2 ** 38 - 1, Buffer.from('x'))).toString()).toBe('x');
    expect(() => openChunk(keys, 2 ** 38, Buffer.alloc(20))).toThrow(RangeError);
  });

  it('rejects a 31- or 33-byte key and a wrong salt size', () => {
    expect(() => deriveChunkKeys(Buffer.alloc(31), Buffer.alloc(24), ctx)).toThrow(RangeError);
    expect(() => deriveChunkKeys(Buffer.alloc(33), Buffer.alloc(24), ctx)).toThrow(RangeError);
    expect(() => deriveChunkKeys(Buffer.alloc(32), Buffer.alloc(23), ctx)).toThrow(RangeError);
    expect(() => encryptMessage(Buffer.alloc(32), ctx, Buffer.alloc(1), Buffer.alloc(16))).toThrow(RangeError);
  });

  it('MessageDecryptor: header-only or short input fails at finish and keeps failing', () => {
    const ct = encryptMessage(key, ctx, Buffer.alloc(0));
    for (const cut of [0, 10, 55, 56, 71]) {
      const { released, error } = runStream(new MessageDecryptor(key, ctx), [ct.subarray(0, cut)]);
      expect(error).toBeInstanceOf(IntegrityError);
      expect(released.length).toBe(0);
    }
  });
});
