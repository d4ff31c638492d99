/** Shared memory is visible to the worker as it is; anything else is transferred there and back. */
export function transferable(buffers: readonly Uint8Array[]): ArrayBuffer[] {
  return [...new Set(buffers.map((b) => b.buffer))].filter((m): m is ArrayBuffer => m instanceof ArrayBuffer);
}
