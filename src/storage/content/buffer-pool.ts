/**
 * Recycles the large, object-sized buffers of transfers. Allocating a fresh 4 MiB buffer per object
 * made V8 run a collection every few objects (external-memory pressure), which cost more main-thread
 * time than the transfer itself. A buffer is handed out by `acquire` and must not be touched by its
 * borrower after `release`.
 */
export class BufferPool {
  private readonly idle: ArrayBuffer[] = [];

  constructor(
    readonly bufferSize: number,
    private readonly maxIdle: number,
    /** Zero on release: buffers that held plaintext must not carry it into another request. */
    private readonly wipe: boolean,
  ) {}

  acquire(): Buffer {
    const memory = this.idle.pop();
    return memory ? Buffer.from(memory) : Buffer.allocUnsafeSlow(this.bufferSize);
  }

  /** Takes back a buffer from `acquire` (or a view of one); anything else is left to the GC. */
  release(bytes: Uint8Array): void {
    const memory = bytes.buffer;
    if (!(memory instanceof ArrayBuffer) || memory.byteLength !== this.bufferSize) return;
    if (this.idle.length >= this.maxIdle || this.idle.includes(memory)) return;
    if (this.wipe) new Uint8Array(memory).fill(0);
    this.idle.push(memory);
  }
}
