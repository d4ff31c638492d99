import { constants } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * How the local store moves object bytes between memory and files: durable writes, and direct I/O for the bulk of
 * large objects both ways.
 *
 * Objects are written once, read rarely and never modified, so the page cache gains little from them, and filling
 * it costs much: the kernel allocates and zeroes a page for every 4 KiB written and copies the bytes into it. In a
 * virtual machine whose host reclaims free guest memory, each fresh page is probably also a fault on the host.
 * Measured on the 2-core reference machine (`npm run bench:direct-io`): 256 objects of 4 MiB, fsynced, took 0.5–2.8
 * CPU-seconds of kernel time through the page cache and 0.1 s with O_DIRECT (docs/ARCHITECTURE.md, "Memory"). An
 * upload's sealed objects sit in page-aligned pool memory (buffer-pool.ts), which direct I/O requires.
 *
 * Only the largest whole-block prefix goes direct; the rest of the object, and any write whose memory turns out
 * not to be aligned (the kernel says EINVAL before writing anything), go through the page cache as before. The
 * fsync afterwards is what makes either durable: it writes the file's metadata and flushes the disk's cache.
 */
const directBlockBytes = 4096;
/** Smaller objects are not worth a second open. */
const directMinimumBytes = 256 * 1024;
const oDirect: number | undefined = (constants as { O_DIRECT?: number }).O_DIRECT;

/** Whether files in `folder` can be opened for direct I/O: not on every platform or filesystem. */
export async function supportsDirectIo(folder: string): Promise<boolean> {
  if (oDirect === undefined) return false;
  const probe = path.join(folder, `direct-io-probe.${randomBytes(8).toString('hex')}.tmp`);
  try {
    await (await open(probe, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | oDirect, 0o600)).close();
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return false;
    throw err;
  } finally {
    await rm(probe, { force: true });
  }
}

export interface DurableWriteOptions {
  /** Write the block-aligned bulk with direct I/O (`supportsDirectIo` said yes for this folder). */
  readonly direct: boolean;
  /** Called once the bytes are written, before the fsync: the caller may reuse `data` from then on. */
  readonly dataReleased?: (() => void) | undefined;
}

/** Creates `file` (which must not exist) with `data` and fsyncs it. Returns how many bytes went by direct I/O. */
export async function writeFileDurably(file: string, data: Uint8Array, options: DurableWriteOptions): Promise<number> {
  const handle = await open(file, 'wx', 0o600);
  try {
    const direct = options.direct ? await moveDirectPrefix(file, 'write', data, data.length) : 0;
    // One positional write per call (writeFile() would split a 4 MiB object into 512 KiB round trips).
    for (let written = direct; written < data.length;) written += (await handle.write(data, written, data.length - written, written)).bytesWritten;
    options.dataReleased?.();
    await handle.sync();
    return direct;
  } finally {
    await handle.close();
  }
}

/**
 * Reads `length` bytes from `offset` of an open file into `buffer`; returns how many it read (fewer at the end of
 * the file). With `direct`, a whole object read into aligned memory skips the page cache for its whole-block prefix,
 * for the reasons writes do: reading 1 GiB of objects from disk through the page cache cost about 2.5 s of kernel time.
 */
export async function readFileInto(
  file: string,
  handle: FileHandle,
  buffer: Uint8Array,
  offset: number,
  length: number,
  direct: boolean,
  readDirectly: (bytes: number) => void,
): Promise<number> {
  let filled = direct && offset === 0 ? await moveDirectPrefix(file, 'read', buffer, length) : 0;
  readDirectly(filled);
  while (filled < length) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/**
 * Moves what it can of the whole-block prefix of `memory` (its first `length` bytes) between memory and the start of
 * `file` with O_DIRECT; returns the bytes moved, 0 when the kernel refused the alignment (EINVAL, before any I/O).
 */
async function moveDirectPrefix(file: string, way: 'read' | 'write', memory: Uint8Array, length: number): Promise<number> {
  const prefix = length - (length % directBlockBytes);
  if (oDirect === undefined || prefix < directMinimumBytes) return 0;
  const handle = await open(file, (way === 'read' ? constants.O_RDONLY : constants.O_WRONLY) | oDirect);
  let moved = 0;
  try {
    while (moved < prefix) {
      const step =
        way === 'read'
          ? (await handle.read(memory, moved, prefix - moved, moved)).bytesRead
          : (await handle.write(memory, moved, prefix - moved, moved)).bytesWritten;
      moved += step;
      // A short transfer that ends mid-block leaves the rest to the page cache, which handles any alignment.
      if (step === 0 || moved % directBlockBytes !== 0) break;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
  } finally {
    await handle.close();
  }
  return moved;
}

/** A renamed file survives a power cut only once its folder is synced. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
