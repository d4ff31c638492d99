import { createHash, timingSafeEqual } from 'node:crypto';
import { CofferError, newId } from '../../domain/index.js';
import { deriveChunkKeys, unwrapKey } from '../../crypto/index.js';
import type { StoredObjectRef, UploadRow } from '../../db/index.js';
import { contentContext } from '../../storage/index.js';
import { isClientAbort, type FilesDeps, type NodeView } from '../files/index.js';
import type { AuthContext } from '../auth/index.js';
import { wrapContexts } from '../keyring/index.js';
import { StagedWriter } from './staged-writer.js';
import { commitUpload } from './upload-commit.js';
import { resolveUploadTarget, type UploadTargetRequest } from './upload-target.js';

export interface TusOptions {
  /** An upload nobody appended to for this long expires; its staged data is reclaimed by garbage collection. */
  readonly expiryMs: number;
  readonly maxSizeBytes: number;
}

export type ChecksumAlgorithm = 'sha1' | 'sha256';
export const checksumAlgorithms: readonly ChecksumAlgorithm[] = ['sha1', 'sha256'];

export interface AppendRequest {
  readonly offset: number;
  readonly body: AsyncIterable<Uint8Array>;
  /** Content-Length when sent: a body that would go past the declared upload length is refused before reading. */
  readonly contentLength?: number | undefined;
  /** Upload-Checksum: the body is kept only if it matches; an interrupted body is then discarded whole. */
  readonly checksum?: { readonly algorithm: ChecksumAlgorithm; readonly digest: Buffer } | undefined;
}

export interface UploadStatus {
  readonly id: string;
  readonly offset: number;
  readonly length: number;
  readonly expiresAt: number;
  /** Set once the last byte arrived and the file (or version) was committed. */
  readonly node?: NodeView | undefined;
}

interface SavedProgress {
  offset: number;
  /** Objects in the upload's row. */
  objects: number;
  /** How many of this writer's objects are among them. */
  writerObjects: number;
  stagingKey: string | null;
}

/** Saves progress after this many new objects (64 MiB) while a long request is still running, so a crash loses little. */
const checkpointEveryObjects = 16;

/**
 * Resumable uploads (tus 1.0, docs/tus.md). Every request starts from the upload's row, so an upload
 * survives disconnects and restarts; bytes are encrypted as they arrive (StagedWriter), and the last byte
 * commits the version as an ordinary upload would. A foreign upload id answers exactly like a missing one.
 */
export class TusUploadService {
  private readonly busy = new Set<string>();

  constructor(
    private readonly deps: FilesDeps,
    readonly options: TusOptions,
  ) {}

  async create(auth: AuthContext, request: UploadTargetRequest, firstPart?: Omit<AppendRequest, 'offset'>): Promise<UploadStatus> {
    if (!Number.isSafeInteger(request.length) || request.length < 0) throw new CofferError('request.invalid', 'Upload-Length must be a whole number of bytes.');
    if (request.length > this.options.maxSizeBytes) throw new CofferError('tus.length_exceeded', 'Upload-Length is larger than Tus-Max-Size.');
    const now = Date.now();
    const user = await this.deps.store.repos.users.findById(auth.userId);
    if (!user) throw new CofferError('auth.session_invalid');
    if (user.quota_bytes > 0) {
      const pending = await this.deps.store.repos.uploads.pendingBytes(auth.userId, now);
      if (user.used_bytes + pending + request.length > user.quota_bytes) throw new CofferError('quota.exceeded');
    }
    const id = newId();
    const row = await resolveUploadTarget(this.deps, auth, request, id, now, now + this.options.expiryMs);
    await this.deps.store.repos.uploads.insert(row);
    if (firstPart === undefined && request.length > 0) return { id, offset: 0, length: request.length, expiresAt: row.expires_at };
    try {
      return await this.append(auth, id, { ...(firstPart ?? { body: emptyBody() }), offset: 0 });
    } catch (err) {
      // The client never learnt where the upload lives unless the creation answer reached it: start over cleanly.
      await this.terminate(auth, id).catch(() => undefined);
      throw err;
    }
  }

  async status(auth: AuthContext, id: string): Promise<UploadStatus> {
    const row = await this.load(auth, id);
    return { id, offset: row.upload_offset, length: row.upload_length, expiresAt: row.expires_at };
  }

  async append(auth: AuthContext, id: string, request: AppendRequest): Promise<UploadStatus> {
    if (this.busy.has(id)) throw new CofferError('tus.locked');
    this.busy.add(id);
    try {
      return await this.appendLocked(auth, id, request);
    } finally {
      this.busy.delete(id);
    }
  }

  async terminate(auth: AuthContext, id: string): Promise<void> {
    if (this.busy.has(id)) throw new CofferError('tus.locked');
    const row = await this.deps.store.repos.uploads.findById(id);
    if (!row || row.owner_id !== auth.userId) throw new CofferError('tus.not_found');
    await this.discard(row);
  }

  /** Deletes expired uploads and their objects; garbage collection calls it. Returns how many expired. */
  async expire(now = Date.now()): Promise<number> {
    let count = 0;
    for (;;) {
      const batch = await this.deps.store.repos.uploads.listExpired(now, 100);
      const idle = batch.filter((row) => !this.busy.has(row.id));
      for (const row of idle) await this.discard(row);
      count += idle.length;
      if (batch.length < 100 || idle.length === 0) return count;
    }
  }

  private async load(auth: AuthContext, id: string): Promise<UploadRow> {
    const row = await this.deps.store.repos.uploads.findById(id);
    if (!row || row.owner_id !== auth.userId) throw new CofferError('tus.not_found');
    if (row.expires_at <= Date.now()) throw new CofferError('tus.expired');
    return row;
  }

  private async appendLocked(auth: AuthContext, id: string, request: AppendRequest): Promise<UploadStatus> {
    const row = await this.load(auth, id);
    if (request.offset !== row.upload_offset) throw new CofferError('tus.offset_mismatch', undefined, { offset: row.upload_offset });
    if (request.contentLength !== undefined && row.upload_offset + request.contentLength > row.upload_length) throw new CofferError('tus.length_exceeded');

    const chain = this.deps.keyChain(auth);
    const parentKey = await chain.folderKey(await chain.node(row.parent_id));
    const dataKey = unwrapKey(parentKey, row.key_wrapped, wrapContexts.uploadData(row.id, row.parent_id));
    const keys = deriveChunkKeys(dataKey, row.salt, contentContext(row.file_id, row.version_id));
    const stored = await this.deps.store.repos.uploads.objects(id);
    const state = {
      uploadId: id,
      length: row.upload_length,
      offset: row.upload_offset,
      objects: stored,
      stagingKey: row.staging_key,
      tailSealed: row.tail_sealed,
    };
    const writer = await StagedWriter.resume(state, keys, dataKey, row.salt, this.deps.blobs, this.deps.cryptoPool);
    const saved: SavedProgress = { offset: row.upload_offset, objects: stored.length, writerObjects: 0, stagingKey: row.staging_key };
    const hash = request.checksum ? createHash(request.checksum.algorithm) : undefined;
    try {
      let failure: unknown;
      try {
        for await (const piece of request.body) {
          if (writer.offset + piece.length > row.upload_length) throw new CofferError('tus.length_exceeded');
          hash?.update(piece);
          await writer.write(piece);
          if (!hash && writer.newObjects.length - saved.writerObjects >= checkpointEveryObjects) await this.save(writer, id, saved);
        }
      } catch (err) {
        failure = err;
      }
      // Without a checksum, what arrived before the client went away is kept: that is the point of tus.
      if (failure !== undefined && !(isClientAbort(failure) && !hash)) throw failure;
      if (failure === undefined && hash && request.checksum && !digestsEqual(hash.digest(), request.checksum.digest)) {
        throw new CofferError('tus.checksum_mismatch');
      }
      if (failure === undefined && writer.offset === row.upload_length) {
        const written = await writer.finish();
        try {
          const node = await commitUpload(this.deps, auth, row, written, keys.commitment);
          await this.deps.deleteObjects(row.staging_key ? [row.staging_key] : []);
          return { id, offset: written.size, length: row.upload_length, expiresAt: row.expires_at, node };
        } catch (err) {
          await this.discard(row, written.objects);
          throw err;
        }
      }
      const expiresAt = await this.save(writer, id, saved);
      if (failure !== undefined) throw new CofferError('upload.incomplete');
      return { id, offset: writer.offset, length: row.upload_length, expiresAt };
    } catch (err) {
      // Whatever this request wrote and did not save is garbage: the row still describes the upload.
      await writer.settle().catch(() => undefined);
      const unsaved = writer.newObjects.slice(saved.writerObjects).map((o) => o.key);
      await this.deps.deleteObjects(unsaved);
      throw err;
    } finally {
      writer.dispose();
      dataKey.fill(0);
    }
  }

  /** Saves the writer's progress (compare-and-set on the offset) and drops the staging blob it replaces. */
  private async save(writer: StagedWriter, id: string, saved: SavedProgress): Promise<number> {
    const checkpoint = await writer.checkpoint();
    const expiresAt = Date.now() + this.options.expiryMs;
    const fresh = checkpoint.newObjects.slice(saved.writerObjects);
    const ok = await this.deps.store.repos.uploads.saveProgress(id, saved.offset, saved.objects, { ...checkpoint, newObjects: fresh, expiresAt });
    if (!ok) {
      if (checkpoint.stagingKey && checkpoint.stagingKey !== saved.stagingKey) await this.deps.deleteObjects([checkpoint.stagingKey]);
      throw new CofferError('tus.offset_mismatch');
    }
    if (saved.stagingKey && saved.stagingKey !== checkpoint.stagingKey) await this.deps.deleteObjects([saved.stagingKey]);
    saved.offset = checkpoint.offset;
    saved.objects += fresh.length;
    saved.writerObjects += fresh.length;
    saved.stagingKey = checkpoint.stagingKey;
    return expiresAt;
  }

  private async discard(row: UploadRow, extra: readonly StoredObjectRef[] = []): Promise<void> {
    const objects = await this.deps.store.repos.uploads.objects(row.id);
    await this.deps.store.repos.uploads.delete(row.id);
    const keys = [...objects, ...extra].map((o) => o.key);
    if (row.staging_key) keys.push(row.staging_key);
    await this.deps.deleteObjects([...new Set(keys)]);
  }
}

async function* emptyBody(): AsyncIterable<Uint8Array> {}

function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
