import type { NodeDto } from '@coffer/sdk';
import { describeError } from '../../app/client';
import { emptyFolderMarker, type PickedFile } from './collect-files';
import { FolderResolver } from './folder-resolver';
import type { UploadHandle, UploadTransport } from './upload-transport';

export type UploadStatus = 'queued' | 'uploading' | 'done' | 'failed' | 'cancelled';

export interface UploadItem {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  readonly sentBytes: number;
  /** Bytes per second over the upload so far. */
  readonly speed: number;
  readonly status: UploadStatus;
  readonly error: string | undefined;
  readonly protectedByPassphrase: boolean;
}

interface Job {
  item: UploadItem;
  readonly picked: PickedFile;
  readonly resolver: FolderResolver;
  readonly passphrase: string | undefined;
  handle: UploadHandle | undefined;
}

const parallelUploads = 2;

/**
 * The upload queue: a few files at a time, each with progress, speed, cancel and retry. Screens read
 * it through subscribe()/snapshot() (useSyncExternalStore); it knows bytes only through an UploadTransport.
 */
export class UploadQueue {
  #jobs: Job[] = [];
  #snapshot: readonly UploadItem[] = [];
  #nextId = 1;
  readonly #listeners = new Set<() => void>();
  readonly #finishedListeners = new Set<(node: NodeDto | undefined, item: UploadItem) => void>();

  constructor(private readonly transport: UploadTransport) {}

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  snapshot = (): readonly UploadItem[] => this.#snapshot;

  onFinished(listener: (node: NodeDto | undefined, item: UploadItem) => void): () => void {
    this.#finishedListeners.add(listener);
    return () => this.#finishedListeners.delete(listener);
  }

  /** Queues files (with their folder paths) under a folder; folders are created as needed. */
  add(parentId: string, files: readonly PickedFile[], passphrase: string | undefined): void {
    const resolver = new FolderResolver(parentId);
    for (const picked of files) {
      const folderOnly = picked.file === emptyFolderMarker;
      const item: UploadItem = {
        id: this.#nextId++,
        name: folderOnly ? picked.folders.join('/') + '/' : [...picked.folders, picked.file.name].join('/'),
        size: picked.file.size,
        sentBytes: 0,
        speed: 0,
        status: 'queued',
        error: undefined,
        protectedByPassphrase: passphrase !== undefined,
      };
      this.#jobs.push({ item, picked, resolver, passphrase, handle: undefined });
    }
    this.#changed();
    this.#pump();
  }

  cancel(id: number): void {
    const job = this.#find(id);
    if (!job) return;
    if (job.item.status === 'queued') this.#update(job, { status: 'cancelled' });
    else job.handle?.abort();
  }

  retry(id: number): void {
    const job = this.#find(id);
    if (!job || (job.item.status !== 'failed' && job.item.status !== 'cancelled')) return;
    this.#update(job, { status: 'queued', sentBytes: 0, speed: 0, error: undefined });
    this.#pump();
  }

  clearFinished(): void {
    this.#jobs = this.#jobs.filter((job) => job.item.status === 'queued' || job.item.status === 'uploading');
    this.#changed();
  }

  #pump(): void {
    const running = this.#jobs.filter((job) => job.item.status === 'uploading').length;
    const next = this.#jobs.filter((job) => job.item.status === 'queued').slice(0, Math.max(0, parallelUploads - running));
    for (const job of next) void this.#run(job);
  }

  async #run(job: Job): Promise<void> {
    this.#update(job, { status: 'uploading' });
    const started = performance.now();
    try {
      const parentId = await job.resolver.resolve(job.picked.folders);
      if (job.picked.file === emptyFolderMarker) {
        this.#update(job, { status: 'done' });
        this.#emitFinished(undefined, job.item);
        return;
      }
      job.handle = this.transport.start({ file: job.picked.file, parentId, name: job.picked.file.name, passphrase: job.passphrase }, (sentBytes) => {
        const seconds = (performance.now() - started) / 1000;
        this.#update(job, { sentBytes, speed: seconds > 0 ? sentBytes / seconds : 0 });
      });
      const node = await job.handle.done;
      this.#update(job, { status: 'done', sentBytes: job.item.size });
      this.#emitFinished(node, job.item);
    } catch (err) {
      const cancelled = err instanceof DOMException && err.name === 'AbortError';
      this.#update(job, { status: cancelled ? 'cancelled' : 'failed', error: cancelled ? undefined : describeError(err) });
      this.#emitFinished(undefined, job.item);
    } finally {
      job.handle = undefined;
      this.#pump();
    }
  }

  #emitFinished(node: NodeDto | undefined, item: UploadItem): void {
    for (const listener of this.#finishedListeners) listener(node, item);
  }

  #find(id: number): Job | undefined {
    return this.#jobs.find((job) => job.item.id === id);
  }

  #update(job: Job, changes: Partial<UploadItem>): void {
    job.item = { ...job.item, ...changes };
    this.#changed();
  }

  #changed(): void {
    this.#snapshot = this.#jobs.map((job) => job.item);
    for (const listener of this.#listeners) listener();
  }
}
