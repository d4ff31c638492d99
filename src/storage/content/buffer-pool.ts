import { zeroShared } from '../shared-memory-copy.js';
import { allocatePageAligned, roundUpToPage } from '../page-aligned-memory.js';

/**
 * Recycles the large, object-sized buffers of transfers. Allocating a fresh 4 MiB buffer per object
 * made V8 run a collection every few objects (external-memory pressure), which cost more main-thread
 * time than the transfer itself. A buffer is handed out by `acquire` and must not be touched by its
 * borrower after `release`.
 *
 * Up to `capacity` buffers are slots of one shared memory, so that lending one to a crypto worker shares it
 * instead of transferring it: a transferred buffer comes back as new external memory, and 8 MiB of
 * that per object made V8 run a full collection every few objects. V8 does not count shared memory
 * towards its collection triggers, so the pool keeps that memory for its lifetime; past its capacity it hands out
 * plain buffers, which the garbage collector does account for (and which are lent to workers by transfer).
 *
 * The memory is page-aligned and every slot starts on a page, so a sealed object can go to disk by direct I/O
 * straight from its slot (local-folder-blob-store.ts). Untouched slots cost address space, not resident memory.
 */
export class BufferPool {
  private memory: SharedArrayBuffer | undefined;
  private readonly slotBytes: number;
  private readonly idle: number[] = [];
  private created = 0;

  constructor(
    readonly bufferSize: number,
    /** Shared buffers this pool may create: the memory it can keep resident is capacity × bufferSize. */
    private readonly capacity: number,
    /** Zero on release: buffers that held plaintext must not carry it into another request. */
    private readonly wipe: boolean,
  ) {
    this.slotBytes = roundUpToPage(bufferSize);
  }

  acquire(): Buffer {
    const slot = this.idle.pop() ?? (this.created < this.capacity ? this.created++ : undefined);
    if (slot === undefined) return Buffer.allocUnsafeSlow(this.bufferSize);
    this.memory ??= allocatePageAligned(this.capacity * this.slotBytes);
    return Buffer.from(this.memory, slot * this.slotBytes, this.bufferSize);
  }

  /**
   * Takes back a buffer from `acquire` (or a view into one); anything else is left to the GC. `heldPlaintext: false`
   * skips the wipe of a buffer whose plaintext was all overwritten (an upload seals each object over its plaintext).
   */
  release(bytes: Uint8Array, heldPlaintext = true): void {
    if (this.memory === undefined || bytes.buffer !== this.memory) return;
    const slot = Math.floor(bytes.byteOffset / this.slotBytes);
    if (slot >= this.created || this.idle.includes(slot)) return;
    if (this.wipe && heldPlaintext) zeroShared(this.memory, slot * this.slotBytes, this.bufferSize);
    this.idle.push(slot);
  }
}

/** True when both views start at the same byte of the same memory (pooled buffers share one memory). */
export function sameStart(a: Uint8Array, b: Uint8Array): boolean {
  return a.buffer === b.buffer && a.byteOffset === b.byteOffset;
}
