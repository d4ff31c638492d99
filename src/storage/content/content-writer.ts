import { chunkSize, merkleRoot, type ChunkKeys } from '../../crypto/index.js';
import type { BlobStore } from '../blob-store.js';
import type { ContentCryptoPool } from './crypto-pool.js';
import { chunksPerObject } from './layout.js';
import { sealedObjectSize } from './object-codec.js';
import { copyIntoShared } from '../shared-memory-copy.js';
import { releaseTransientMemory } from './transient-memory.js';
import type { MacStep } from './mac-streams.js';
import { sameStart } from './buffer-pool.js';

export interface StoredObject {
  readonly key: string;
  readonly size: number;
}

export interface WrittenContent {
  readonly size: number;
  readonly storedSize: number;
  readonly objects: readonly StoredObject[];
  readonly merkleRoot: Buffer;
  /** The plaintext commitment, when `ContentWriterOptions.plaintextMac` asked for one. */
  readonly plaintextMac?: Buffer;
}

export interface ContentWriterOptions {
  /** Objects being sealed, written or made durable at once: many hide a local disk's fsync latency. */
  readonly parallelObjects?: number;
  /**
   * Of those, objects whose buffer is still in use (being sealed, or written until the store releases the bytes,
   * `PutOptions.dataReleased`); bounds memory to about (n + 1) × 4 MiB. Four keep two cores busy.
   */
  readonly parallelBuffers?: number;
  /** Compute the plaintext commitment on the crypto worker, as the objects are sealed (mac-streams.ts). */
  readonly plaintextMac?: { readonly key: Uint8Array; readonly fileId: string; readonly versionId: string };
}

const objectPlaintextBytes = chunksPerObject * chunkSize;

/**
 * Encrypts a plaintext stream into content-addressed storage objects. Plaintext is gathered into
 * object-sized runs of 256 chunks; each run is sealed (on a worker thread) and written while the next
 * one fills, so memory stays bounded whatever the file size. A full run never holds the final chunk,
 * which Cobblestone requires to be shorter than 16 KiB, so it can be sealed before the end is known.
 */
export class ContentWriter {
  private readonly objects: (StoredObject | undefined)[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly parallelObjects: number;
  private readonly parallelBuffers: number;
  private buffersOut = 0;
  private readonly macStream: number | undefined;
  private macStart: ContentWriterOptions['plaintextMac'];
  private macDigest: Buffer | undefined;
  private bufferWaiters: (() => void)[] = [];
  // Starts small and grows to a full object: most files are small, and many upload at once.
  private plaintext: Buffer = Buffer.allocUnsafeSlow(64 * 1024);
  private filled = 0;
  private total = 0;
  private failure: unknown;

  constructor(
    private readonly store: BlobStore,
    private readonly keys: ChunkKeys,
    private readonly pool: ContentCryptoPool,
    options: ContentWriterOptions = {},
  ) {
    this.parallelObjects = options.parallelObjects ?? 16;
    this.parallelBuffers = Math.min(this.parallelObjects, options.parallelBuffers ?? 4);
    this.macStart = options.plaintextMac;
    this.macStream = options.plaintextMac ? pool.openMacStream() : undefined;
  }

  get plaintextBytes(): number {
    return this.total;
  }

  async write(data: Uint8Array): Promise<void> {
    this.throwIfFailed();
    let offset = 0;
    while (offset < data.length) {
      if (this.filled === objectPlaintextBytes) await this.dispatch(false);
      if (this.filled === this.room()) this.grow(data.length - offset);
      const take = Math.min(this.room() - this.filled, data.length - offset);
      copyIntoShared(this.plaintext, this.filled, data.subarray(offset, offset + take));
      this.filled += take;
      offset += take;
    }
    this.total += data.length;
  }

  async finish(): Promise<WrittenContent> {
    this.throwIfFailed();
    // A full buffer is 256 full chunks; the (empty) final chunk then goes into an object of its own.
    if (this.filled === objectPlaintextBytes) await this.dispatch(false);
    await this.dispatch(true);
    await Promise.all(this.inFlight);
    this.throwIfFailed();
    if (this.macStream !== undefined) {
      this.pool.closeMacStream(this.macStream);
      if (!this.macDigest) throw new Error('the plaintext commitment was not computed');
    }
    const objects = this.objects as StoredObject[];
    return {
      size: this.total,
      storedSize: objects.reduce((sum, o) => sum + o.size, 0),
      objects,
      merkleRoot: merkleRoot(objects.map((o) => Buffer.from(o.key, 'hex'))),
      ...(this.macDigest ? { plaintextMac: this.macDigest } : {}),
    };
  }

  /** Waits for work in flight and returns every object this writer stored, for the caller to delete. */
  async abort(): Promise<StoredObject[]> {
    this.failure ??= new Error('upload aborted');
    await Promise.allSettled(this.inFlight);
    if (this.macStream !== undefined) this.pool.closeMacStream(this.macStream);
    this.pool.objectBuffers.release(this.plaintext);
    this.plaintext = Buffer.alloc(0);
    return this.objects.filter((o): o is StoredObject => o !== undefined);
  }

  /** Plaintext the current buffer takes: a pooled buffer is a little larger, to hold the object sealed in place. */
  private room(): number {
    return Math.min(this.plaintext.length, objectPlaintextBytes);
  }

  private grow(needed: number): void {
    const size = Math.min(objectPlaintextBytes, Math.max(this.plaintext.length * 4, this.filled + needed));
    const bigger = size === objectPlaintextBytes ? this.pool.objectBuffers.acquire() : Buffer.allocUnsafeSlow(size);
    this.plaintext.copy(bigger, 0, 0, this.filled);
    this.plaintext = bigger;
  }

  private async dispatch(endsMessage: boolean): Promise<void> {
    while (this.inFlight.size >= this.parallelObjects) await Promise.race(this.inFlight);
    while (this.buffersOut >= this.parallelBuffers) await new Promise<void>((resolve) => this.bufferWaiters.push(resolve));
    this.throwIfFailed();
    const index = this.objects.length;
    this.objects.push(undefined);
    // The request body arrived as thousands of 64 KiB socket buffers; V8 would let up to 64 MB of them wait for a
    // collection (its external-memory limit), which was most of an upload's memory. A young-generation collection
    // every 16 MiB keeps that to a few megabytes for about a millisecond each.
    if (index % 4 === 3) releaseTransientMemory();
    const buffer = this.plaintext;
    const plaintext = buffer.subarray(0, this.filled);
    this.plaintext = endsMessage ? Buffer.alloc(0) : this.pool.objectBuffers.acquire();
    this.filled = 0;
    // Sealed in place when the buffer has room for the tags (pooled buffers do): one buffer per object in flight.
    const into = buffer.length >= sealedObjectSize(plaintext.length, endsMessage) ? buffer : undefined;
    // Every path gives the buffer back once (the pool keeps a fixed number of shared buffers); a buffer that travelled
    // to a worker by transfer is simply ignored by release().
    this.buffersOut++;
    let returned = false;
    // Sealing in place writes ciphertext over every plaintext byte: such a buffer needs no wipe (0.2 CPU-s per GiB).
    let sealedOver = false;
    const giveBack = (): void => {
      if (returned) return;
      returned = true;
      this.buffersOut--;
      this.pool.objectBuffers.release(buffer, !sealedOver);
      for (const wake of this.bufferWaiters.splice(0)) wake();
    };
    const job = this.pool
      .seal(
        { aeadKey: this.keys.aeadKey, baseNonce: this.keys.baseNonce, firstChunk: index * chunksPerObject, plaintext, endsMessage, mac: this.nextMacStep() },
        into,
      )
      .then(async (sealed) => {
        sealedOver = into !== undefined && sameStart(sealed.bytes, into);
        if (sealed.mac) this.macDigest = sealed.mac;
        if (this.failure !== undefined) return;
        const object = { key: sealed.key, size: sealed.bytes.length };
        this.objects[index] = object;
        await this.store.put(object.key, sealed.bytes, { dataReleased: giveBack });
      })
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => {
        giveBack();
        this.inFlight.delete(job);
      });
    this.inFlight.add(job);
  }

  private nextMacStep(): MacStep | undefined {
    if (this.macStream === undefined) return undefined;
    const start = this.macStart;
    this.macStart = undefined;
    return { stream: this.macStream, ...(start ? { start } : {}) };
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
