import { zeroShared } from '../shared-memory-copy.js';

/**
 * Recycles the large, object-sized buffers of transfers. Allocating a fresh 4 MiB buffer per object
 * made V8 run a collection every few objects (external-memory pressure), which cost more main-thread
 * time than the transfer itself. A buffer is handed out by `acquire` and must not be touched by its
 * borrower after `release`.
 *
 * Up to `capacity` buffers are SharedArrayBuffers, so that lending one to a crypto worker shares it
 * instead of transferring it: a transferred buffer comes back as new external memory, and 8 MiB of
 * that per object made V8 run a full collection every few objects. V8 does not count shared memory
 * towards its collection triggers, so dropped shared buffers would pile up unseen; the pool therefore
 * keeps every shared buffer it creates, and past its capacity hands out plain buffers, which the
 * garbage collector does account for (and which are lent to workers by transfer).
 */
export class BufferPool {
  private readonly idle: SharedArrayBuffer[] = [];
  private readonly own = new WeakSet<SharedArrayBuffer>();
  private created = 0;

  constructor(
    readonly bufferSize: number,
    /** Shared buffers this pool may create: the memory it can keep resident is capacity × bufferSize. */
    private readonly capacity: number,
    /** Zero on release: buffers that held plaintext must not carry it into another request. */
    private readonly wipe: boolean,
  ) {}

  acquire(): Buffer {
    const memory = this.idle.pop();
    if (memory) return Buffer.from(memory);
    if (this.created >= this.capacity) return Buffer.allocUnsafeSlow(this.bufferSize);
    this.created++;
    const shared = new SharedArrayBuffer(this.bufferSize);
    this.own.add(shared);
    return Buffer.from(shared);
  }

  /** Takes back a buffer from `acquire` (or a view of one); anything else is left to the GC. */
  release(bytes: Uint8Array): void {
    const memory = bytes.buffer;
    if (!(memory instanceof SharedArrayBuffer) || !this.own.has(memory) || this.idle.includes(memory)) return;
    if (this.wipe) zeroShared(memory);
    this.idle.push(memory);
  }
}
