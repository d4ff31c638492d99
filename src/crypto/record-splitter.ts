/**
 * Cuts a byte stream, arriving in pieces of any size, into records of exactly `size` bytes; an
 * incomplete remainder waits for more data. Shared by the streaming encryptor (16 KiB plaintext chunks)
 * and decryptor (16 KiB + tag sealed chunks).
 */
export class RecordSplitter {
  readonly #pending: Buffer;
  #length = 0;

  constructor(readonly size: number) {
    this.#pending = Buffer.allocUnsafe(size);
  }

  /** Hands every completed record to `each`, in order. A record may be a view of `data`: use it during the call only. */
  push(data: Uint8Array, each: (record: Uint8Array) => void): void {
    let offset = 0;
    if (this.#length > 0) {
      const take = Math.min(this.size - this.#length, data.length);
      this.#pending.set(data.subarray(0, take), this.#length);
      this.#length += take;
      offset = take;
      if (this.#length < this.size) return;
      each(this.#pending);
      this.#length = 0;
    }
    // Whole records straight from the caller's buffer, without copying into the pending one.
    while (data.length - offset >= this.size) {
      each(data.subarray(offset, offset + this.size));
      offset += this.size;
    }
    if (offset < data.length) {
      this.#pending.set(data.subarray(offset), 0);
      this.#length = data.length - offset;
    }
  }

  /** The incomplete remainder, always shorter than a record. */
  rest(): Buffer {
    return this.#pending.subarray(0, this.#length);
  }

  wipe(): void {
    this.#pending.fill(0);
    this.#length = 0;
  }
}
