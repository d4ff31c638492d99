/**
 * Fast copies into and wipes of SharedArrayBuffer memory (the content engine's buffer pool, which S3 reads fill too).
 *
 * V8 must treat shared memory as racy, so it copies into it with relaxed atomic accesses: word by word when the
 * source and the target sit at the same offset modulo 8, byte by byte otherwise. An upload's body pieces land at
 * offsets set by the length of the request's headers, so most uploads hit the slow case: 3.5–3.9 GB/s against
 * 15–25 GB/s, about a quarter of a CPU-second per GiB on the main thread (bench/shared-copy.mjs). Staging a
 * misaligned piece in ordinary memory at the target's alignment costs a second copy but keeps both copies fast.
 * Filling a byte view of shared memory is slow for the same reason; a 64-bit view fills it four times faster.
 */
const stagingBytes = 256 * 1024;
// One per thread, allocated on first use; +8 so a piece can start at any alignment.
let staging: Buffer | undefined;

/** `target.set(source, offset)`, at the speed of an ordinary copy when `target` is shared memory. */
export function copyIntoShared(target: Uint8Array, offset: number, source: Uint8Array): void {
  const targetAlignment = (target.byteOffset + offset) & 7;
  if (!(target.buffer instanceof SharedArrayBuffer) || targetAlignment === (source.byteOffset & 7)) {
    target.set(source, offset);
    return;
  }
  staging ??= Buffer.allocUnsafeSlow(stagingBytes + 8);
  for (let done = 0; done < source.length; done += stagingBytes) {
    const piece = source.subarray(done, done + stagingBytes);
    const staged = staging.subarray(targetAlignment, targetAlignment + piece.length);
    staged.set(piece);
    target.set(staged, offset + done);
  }
}

/** Zeroes `length` bytes of shared memory from `offset`: word-sized stores for the 8-byte-aligned bulk, bytes at either end. */
export function zeroShared(memory: SharedArrayBuffer, offset = 0, length = memory.byteLength - offset): void {
  const end = offset + length;
  const wordStart = Math.ceil(offset / 8) * 8;
  const words = Math.max(0, Math.floor((end - wordStart) / 8));
  if (words === 0) {
    new Uint8Array(memory, offset, length).fill(0);
    return;
  }
  new Uint8Array(memory, offset, wordStart - offset).fill(0);
  new Float64Array(memory, wordStart, words).fill(0); // +0.0 is eight zero bytes
  new Uint8Array(memory, wordStart + words * 8, end - wordStart - words * 8).fill(0);
}
