import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { readFileInto, supportsDirectIo, syncFolder, writeFileDurably } from './object-file-io.js';
import path from 'node:path';
import {
  BlobNotFoundError,
  assertBlobKey,
  assertByteRange,
  blobKeyPattern,
  type BlobInfo,
  type BlobStore,
  type ByteRange,
  type PutOptions,
} from './blob-store.js';

const fanOutPattern = /^[0-9a-f]{2}$/;

/**
 * Keeps objects as files under `<root>/objects/<first 2 hex>/<key>`.
 * The two fan-out levels keep every folder small (at most 256 entries plus the objects that share a prefix),
 * which keeps lookups fast on every filesystem. Writes go to `<root>/tmp/` first: it is on the same filesystem,
 * so the final rename is atomic and a reader sees either no object or the whole object.
 *
 * @example
 * const store = await LocalFolderBlobStore.open('/srv/coffer/blobs');
 * await store.put(sha256Hex(bytes), bytes);
 */
export class LocalFolderBlobStore implements BlobStore {
  readonly description: string;
  private readonly objectsDir: string;
  private readonly tmpDir: string;
  private directIo = false;
  private directBytes = 0;
  private directReads = 0;

  private constructor(readonly root: string) {
    this.description = `local:${root}`;
    this.objectsDir = path.join(root, 'objects');
    this.tmpDir = path.join(root, 'tmp');
  }

  /** Opens (and creates if needed) a store; its folders are private to the server's user. */
  static async open(root: string): Promise<LocalFolderBlobStore> {
    const store = new LocalFolderBlobStore(path.resolve(root));
    await mkdir(store.objectsDir, { recursive: true, mode: 0o700 });
    await mkdir(store.tmpDir, { recursive: true, mode: 0o700 });
    // One level of 256 folders keeps each folder small enough for any filesystem up to tens of
    // millions of objects, and lets every put skip folder creation (and the extra syncs it needs).
    const existing = new Set(await readdir(store.objectsDir));
    const missing = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0')).filter((p) => !existing.has(p));
    await Promise.all(missing.map((prefix) => mkdir(path.join(store.objectsDir, prefix), { mode: 0o700 }).catch(ignoreExists)));
    if (missing.length > 0) await syncFolder(store.objectsDir);
    await syncFolder(store.root);
    store.directIo = await supportsDirectIo(store.tmpDir);
    return store;
  }

  async put(key: string, data: Uint8Array, options?: PutOptions): Promise<void> {
    assertBlobKey(key);
    const target = this.objectPath(key);
    if (await pathExists(target)) {
      // Another put may have renamed this object in but not yet synced its folders. Content addressing lets us
      // skip the write, not the durability promise.
      await this.syncFoldersOf(target);
      return;
    }
    const tempPath = path.join(this.tmpDir, `${key}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      // Counted after the await: `x += await …` would read x before it and lose concurrent puts' counts.
      const directBytes = await writeFileDurably(tempPath, data, { direct: this.directIo, dataReleased: options?.dataReleased });
      this.directBytes += directBytes;
      // A concurrent put of the same key may rename over us: the bytes are identical, and rename replaces atomically.
      await rename(tempPath, target).catch(async (err: unknown) => {
        if (!isMissingPathError(err)) throw err;
        // The fan-out folder exists since open(); recreate it (durably) only if something removed it.
        await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
        await syncFolder(this.objectsDir);
        await rename(tempPath, target);
      });
      await this.syncFoldersOf(target);
    } catch (err) {
      await rm(tempPath, { force: true });
      throw err;
    }
  }

  /** Bytes written to disk by direct I/O since the store opened (object-file-io.ts); the rest went through the page cache. */
  get directWriteBytes(): number {
    return this.directBytes;
  }

  /** Bytes read from disk by direct I/O since the store opened. */
  get directReadBytes(): number {
    return this.directReads;
  }

  async get(key: string, range?: ByteRange, into?: Buffer): Promise<Buffer> {
    assertBlobKey(key);
    if (range !== undefined) assertByteRange(range);
    const handle = await open(this.objectPath(key), 'r').catch((err: unknown) => {
      throw isMissingPathError(err) ? new BlobNotFoundError(key) : err;
    });
    try {
      const { size } = await handle.stat();
      const offset = range?.offset ?? 0;
      const length = Math.max(0, Math.min(range?.length ?? size, size - offset));
      // One positional read of the exact size (readFile() would take 512 KiB per thread-pool round trip).
      // A buffer of its own, so the chunk engine can lend it to a worker thread without copying.
      const buffer = into && into.length >= length ? into.subarray(0, length) : Buffer.allocUnsafeSlow(length);
      const filled = await readFileInto(this.objectPath(key), handle, buffer, offset, length, this.directIo, (n) => (this.directReads += n));
      return filled === length ? buffer : buffer.subarray(0, filled);
    } finally {
      await handle.close();
    }
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    assertBlobKey(key);
    try {
      const info = await stat(this.objectPath(key));
      return { key, size: info.size, modifiedAt: info.mtimeMs };
    } catch (err) {
      if (isMissingPathError(err)) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    // Empty fan-out folders stay: removing them would race with a put that is about to rename into them.
    await unlink(this.objectPath(key)).catch((err: unknown) => {
      if (!isMissingPathError(err)) throw err;
    });
  }

  async *list(): AsyncIterable<BlobInfo> {
    for (const prefix of await listFolder(this.objectsDir, fanOutPattern)) {
      const folder = path.join(this.objectsDir, prefix);
      for (const key of await listFolder(folder, blobKeyPattern)) {
        // A file in the wrong folder could never be read back through get(), so it is not listed either.
        if (!key.startsWith(prefix)) continue;
        const info = await stat(path.join(folder, key)).catch((err: unknown) => {
          if (isMissingPathError(err)) return undefined; // deleted while we were listing
          throw err;
        });
        if (info?.isFile()) yield { key, size: info.size, modifiedAt: info.mtimeMs };
      }
    }
  }

  /**
   * Removes temp files that a crashed put left behind. Only files older than `olderThanMs` go,
   * so puts still in flight keep theirs. Returns how many files were removed.
   */
  async cleanStaleTempFiles(olderThanMs: number): Promise<number> {
    const cutoff = Date.now() - olderThanMs;
    let removed = 0;
    for (const name of await readdir(this.tmpDir)) {
      const file = path.join(this.tmpDir, name);
      const info = await stat(file).catch(() => undefined);
      if (info === undefined || info.mtimeMs >= cutoff) continue;
      await rm(file, { force: true, recursive: true });
      removed += 1;
    }
    return removed;
  }

  private objectPath(key: string): string {
    return path.join(this.objectsDir, key.slice(0, 2), key);
  }

  /**
   * A renamed file survives a power cut only once its folder is synced. The 256 fan-out folders are
   * created and made durable once, when the store opens, so a put syncs exactly one folder.
   */
  private async syncFoldersOf(objectPath: string): Promise<void> {
    await syncFolder(path.dirname(objectPath));
  }
}

async function pathExists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (err) {
    if (isMissingPathError(err)) return false;
    throw err;
  }
}

/** Names in `folder` that match `pattern`; a folder that does not exist has none. */
async function listFolder(folder: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => pattern.test(name));
  } catch (err) {
    if (isMissingPathError(err)) return [];
    throw err;
  }
}

/** ENOTDIR counts as missing: a file where a fan-out folder should be means the object cannot be there. */
function isMissingPathError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function ignoreExists(err: unknown): void {
  if ((err as { code?: unknown } | null)?.code !== 'EEXIST') throw err;
}
