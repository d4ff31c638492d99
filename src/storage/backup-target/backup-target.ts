import type { BlobStore } from '../blob-store.js';

/**
 * Small named files of a backup target (encrypted database exports, object lists, manifests).
 * `put` is atomic: a reader sees the whole file or none (temp file, fsync, rename), which is what makes
 * "the manifest exists" mean "the snapshot is complete".
 */
export interface SnapshotFileStore {
  put(name: string, data: Uint8Array): Promise<void>;
  /** Undefined when the file does not exist. */
  get(name: string): Promise<Buffer | undefined>;
  list(): Promise<string[]>;
  delete(name: string): Promise<void>;
}

/** Where backups go: content-addressed objects (any `BlobStore`: a folder or S3) plus snapshot files. */
export interface BackupTarget {
  /** Never holds credentials: it goes into reports and logs. */
  readonly description: string;
  readonly objects: BlobStore;
  readonly files: SnapshotFileStore;
  /** Releases connections (S3); absent for folders. */
  close?(): void;
}

export const snapshotFileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
