import { createHash } from 'node:crypto';
import { ChunkEncryptor, merkleRoot, type ChunkKeys } from '../../crypto/index.js';
import type { BlobStore } from '../blob-store.js';
import { fullObjectBytes } from './layout.js';

export interface StoredObject {
  readonly key: string;
  readonly size: number;
}

export interface WrittenContent {
  readonly size: number;
  readonly storedSize: number;
  readonly objects: readonly StoredObject[];
  readonly merkleRoot: Buffer;
}

export interface ContentWriterOptions {
  /** Called before an object is written, so its existence is on record even if we crash mid-write. */
  readonly beforePut: (object: StoredObject) => Promise<void>;
  /** How many objects may be in flight to the store at once; bounds memory to (n + 1) objects. */
  readonly parallelPuts?: number;
}

/**
 * Encrypts a plaintext stream chunk by chunk and writes it as content-addressed storage objects.
 * Memory stays bounded whatever the size: one object being filled plus the ones in flight.
 */
export class ContentWriter {
  private readonly encryptor: ChunkEncryptor;
  private readonly objects: StoredObject[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly parallelPuts: number;
  private buffer = Buffer.allocUnsafe(fullObjectBytes);
  private filled = 0;
  private storedBytes = 0;
  private failure: unknown;

  constructor(
    private readonly store: BlobStore,
    keys: ChunkKeys,
    private readonly options: ContentWriterOptions,
  ) {
    this.encryptor = new ChunkEncryptor(keys);
    this.parallelPuts = options.parallelPuts ?? 4;
  }

  get plaintextBytes(): number {
    return this.encryptor.plaintextBytes;
  }

  async write(data: Uint8Array): Promise<void> {
    this.throwIfFailed();
    for (const sealed of this.encryptor.push(data)) await this.append(sealed);
  }

  async finish(): Promise<WrittenContent> {
    this.throwIfFailed();
    await this.append(this.encryptor.finish());
    if (this.filled > 0) await this.flush();
    await Promise.all(this.inFlight);
    this.throwIfFailed();
    return {
      size: this.encryptor.plaintextBytes,
      storedSize: this.storedBytes,
      objects: this.objects,
      merkleRoot: merkleRoot(this.objects.map((o) => Buffer.from(o.key, 'hex'))),
    };
  }

  /** Waits for writes in flight and returns every object this writer stored, for the caller to delete. */
  async abort(): Promise<StoredObject[]> {
    await Promise.allSettled(this.inFlight);
    return [...this.objects];
  }

  private async append(sealed: Buffer): Promise<void> {
    if (this.filled + sealed.length > this.buffer.length) await this.flush();
    sealed.copy(this.buffer, this.filled);
    this.filled += sealed.length;
    if (this.filled === this.buffer.length) await this.flush();
  }

  private async flush(): Promise<void> {
    const bytes = this.buffer.subarray(0, this.filled);
    this.buffer = Buffer.allocUnsafe(fullObjectBytes);
    this.filled = 0;
    const object = { key: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
    this.objects.push(object);
    this.storedBytes += bytes.length;
    while (this.inFlight.size >= this.parallelPuts) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const put = this.options
      .beforePut(object)
      .then(() => this.store.put(object.key, bytes))
      .catch((err: unknown) => {
        this.failure ??= err;
      })
      .finally(() => this.inFlight.delete(put));
    this.inFlight.add(put);
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
