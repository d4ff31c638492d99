import { createHash } from 'node:crypto';
import { IntegrityError } from '../../domain/index.js';
import { chunkSize, merkleRoot, openUploadTail, sealUploadTail, type ChunkKeys } from '../../crypto/index.js';
import type { StoredObjectRef } from '../../db/index.js';
import { chunksPerObject, sealedChunkBytes, type BlobStore, type ContentCryptoPool, type WrittenContent } from '../../storage/index.js';

const objectPlaintextBytes = chunksPerObject * chunkSize;

/** What a resumed upload already holds, as saved in its row (everything in it is ciphertext). */
export interface StagedState {
  readonly uploadId: string;
  readonly length: number;
  readonly offset: number;
  readonly objects: readonly StoredObjectRef[];
  readonly stagingKey: string | null;
  readonly tailSealed: Buffer | null;
}

/** The state to save after a request: full objects written meanwhile, the new staging blob and sealed tail. */
export interface StagedCheckpoint {
  readonly offset: number;
  readonly newObjects: readonly StoredObjectRef[];
  readonly stagingKey: string | null;
  readonly tailSealed: Buffer | null;
}

/**
 * Continues the Cobblestone encryption of one upload across requests. Full objects (256 chunks) are sealed
 * and stored as in ContentWriter. When a request ends early, the complete chunks of the unfinished object
 * are sealed into a content-addressed staging blob and the last partial chunk is sealed as an AES-GCM tail
 * (crypto/staging-tail.ts): plaintext never leaves memory. The declared length is known, so the final
 * chunk is recognised as it arrives and sealed with Cobblestone's final flag.
 */
export class StagedWriter {
  private readonly written: StoredObjectRef[] = [];
  /** Sealed chunks of the current object from earlier requests. */
  private staged: Buffer = Buffer.alloc(0);
  /** Plaintext of the current object after the staged chunks; lent to a crypto worker while sealing. */
  private pending: Buffer = Buffer.allocUnsafeSlow(objectPlaintextBytes);
  private filled = 0;
  private received: number;
  /** Object writes still running: the next object is sealed while the previous one is stored. */
  private readonly storing = new Set<Promise<void>>();
  private failure: unknown;

  private constructor(
    private readonly state: StagedState,
    private readonly keys: ChunkKeys,
    private readonly dataKey: Buffer,
    private readonly salt: Buffer,
    private readonly blobs: BlobStore,
    private readonly pool: ContentCryptoPool,
  ) {
    this.received = state.offset;
  }

  static async resume(state: StagedState, keys: ChunkKeys, dataKey: Buffer, salt: Buffer, blobs: BlobStore, pool: ContentCryptoPool): Promise<StagedWriter> {
    const writer = new StagedWriter(state, keys, dataKey, salt, blobs, pool);
    const inObject = state.offset - state.objects.length * objectPlaintextBytes;
    const stagedChunks = Math.floor(inObject / chunkSize);
    if (inObject < 0 || inObject >= objectPlaintextBytes) throw new IntegrityError('upload progress');
    if (stagedChunks > 0) {
      if (!state.stagingKey) throw new IntegrityError('upload staging blob');
      const staged = await blobs.get(state.stagingKey);
      if (staged.length !== stagedChunks * sealedChunkBytes || createHash('sha256').update(staged).digest('hex') !== state.stagingKey) {
        throw new IntegrityError('upload staging blob');
      }
      writer.staged = staged;
    }
    const tailLength = inObject - stagedChunks * chunkSize;
    if (tailLength > 0) {
      if (!state.tailSealed) throw new IntegrityError('upload tail');
      const tail = openUploadTail(dataKey, salt, state.uploadId, state.offset - tailLength, state.tailSealed);
      if (tail.length !== tailLength) throw new IntegrityError('upload tail');
      tail.copy(writer.pending, 0);
      tail.fill(0);
      writer.filled = tailLength;
    }
    return writer;
  }

  get offset(): number {
    return this.received;
  }

  /** Objects this writer stored, for the caller to delete if the request's bytes are discarded. */
  get newObjects(): readonly StoredObjectRef[] {
    return this.written;
  }

  async write(data: Uint8Array): Promise<void> {
    let at = 0;
    while (at < data.length) {
      const room = this.capacity() - this.filled;
      const take = Math.min(room, data.length - at);
      this.pending.set(data.subarray(at, at + take), this.filled);
      this.filled += take;
      this.received += take;
      at += take;
      if (this.filled === this.capacity()) await this.storeObject(false);
    }
  }

  /** Seals what arrived since the last full object into a staging blob and a tail, and returns the state to save. */
  async checkpoint(): Promise<StagedCheckpoint> {
    await this.settle();
    const fullChunks = Math.floor(this.filled / chunkSize);
    let stagingKey: string | null = null;
    if (fullChunks > 0) {
      const sealed = await this.sealPending(0, fullChunks * chunkSize, false);
      this.staged = Buffer.concat([this.staged, sealed]);
      this.pending.copyWithin(0, fullChunks * chunkSize, this.filled);
      this.filled -= fullChunks * chunkSize;
    }
    if (this.staged.length > 0) {
      stagingKey = createHash('sha256').update(this.staged).digest('hex');
      await this.blobs.put(stagingKey, this.staged);
    }
    const tailSealed =
      this.filled > 0 ? sealUploadTail(this.dataKey, this.salt, this.state.uploadId, this.received - this.filled, this.pending.subarray(0, this.filled)) : null;
    return { offset: this.received, newObjects: [...this.written], stagingKey, tailSealed };
  }

  /** Called once every declared byte arrived: seals the final object and describes the whole version. */
  async finish(): Promise<WrittenContent> {
    if (this.received !== this.state.length) throw new RangeError('the upload is not complete');
    await this.storeObject(true);
    await this.settle();
    const objects = [...this.state.objects, ...this.written];
    return {
      size: this.received,
      storedSize: objects.reduce((sum, o) => sum + o.size, 0),
      objects,
      merkleRoot: merkleRoot(objects.map((o) => Buffer.from(o.key, 'hex'))),
    };
  }

  /** Waits for object writes in flight; throws the first that failed. */
  async settle(): Promise<void> {
    await Promise.all(this.storing);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Drops the plaintext held in memory. */
  dispose(): void {
    if (this.pending.buffer.byteLength > 0) this.pending.fill(0);
  }

  /** Plaintext bytes the current object still takes after its staged chunks. */
  private capacity(): number {
    return objectPlaintextBytes - (this.staged.length / sealedChunkBytes) * chunkSize;
  }

  private objectIndex(): number {
    return this.state.objects.length + this.written.length;
  }

  private async storeObject(endsMessage: boolean): Promise<void> {
    const sealed = await this.sealPending(0, this.filled, endsMessage);
    const bytes = this.staged.length > 0 ? Buffer.concat([this.staged, sealed]) : sealed;
    const key = createHash('sha256').update(bytes).digest('hex');
    this.written.push({ key, size: bytes.length });
    const put = this.blobs
      .put(key, bytes)
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => this.storing.delete(put));
    this.storing.add(put);
    if (this.storing.size >= 2) await Promise.race(this.storing);
    if (this.failure !== undefined) throw this.failure;
    this.staged = Buffer.alloc(0);
    this.filled = 0;
  }

  private async sealPending(start: number, end: number, endsMessage: boolean): Promise<Buffer> {
    const firstChunk = this.objectIndex() * chunksPerObject + this.staged.length / sealedChunkBytes + start / chunkSize;
    const result = await this.pool.seal({
      aeadKey: this.keys.aeadKey,
      baseNonce: this.keys.baseNonce,
      firstChunk,
      plaintext: this.pending.subarray(start, end),
      endsMessage,
    });
    // The plaintext memory was lent to a worker and comes back in the result.
    this.pending = Buffer.from(result.plaintext.buffer, 0, objectPlaintextBytes);
    return result.bytes;
  }
}
