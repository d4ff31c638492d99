/**
 * Shared memory whose first byte sits on a page boundary, so that slices of it at multiples of `pageBytes` can be
 * written to disk with direct I/O (which needs aligned memory). JavaScript has no aligned allocation: a
 * SharedArrayBuffer comes from malloc and starts 16 bytes into a page. A WebAssembly memory is mapped whole pages
 * at a time, so its buffer starts on a page; its `maximum` equals its size, as it never grows.
 *
 * Where WebAssembly is unavailable (node --jitless) this falls back to an ordinary SharedArrayBuffer: direct writes
 * from it then fail their alignment check, and the store writes through the page cache as before (direct-write.ts).
 */
export const pageBytes = 4096;
const wasmPageBytes = 64 * 1024;

export function roundUpToPage(bytes: number): number {
  return Math.ceil(bytes / pageBytes) * pageBytes;
}

// The part of the WebAssembly API used here (Node's type definitions leave the global out).
interface WasmMemoryConstructor {
  new (descriptor: { initial: number; maximum: number; shared: true }): { readonly buffer: SharedArrayBuffer };
}
const WasmMemory = (globalThis as { WebAssembly?: { Memory: WasmMemoryConstructor } }).WebAssembly?.Memory;

export function allocatePageAligned(bytes: number): SharedArrayBuffer {
  const pages = Math.max(1, Math.ceil(bytes / wasmPageBytes));
  try {
    if (WasmMemory) return new WasmMemory({ initial: pages, maximum: pages, shared: true }).buffer;
  } catch {
    // Out of address space for another memory, or WebAssembly switched off: plain shared memory works, unaligned.
  }
  return new SharedArrayBuffer(bytes);
}
