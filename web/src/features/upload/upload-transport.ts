import type { NodeDto } from '@coffer/sdk';

/** One file to send: where, under which name, with which encryption. */
export interface UploadRequest {
  readonly file: File;
  readonly parentId: string;
  readonly name: string;
  /** Custom passphrase; undefined means the account key (the default). */
  readonly passphrase: string | undefined;
  /** What a taken name does: 'version' (the default, as in every sync client) adds a version; 'fail' refuses. */
  readonly onConflict?: 'fail' | 'version';
}

export interface UploadHandle {
  readonly done: Promise<NodeDto>;
  abort(): void;
}

/**
 * How bytes reach the server. The queue only knows this interface: tus-upload.ts (resumable, the
 * default) and xhr-upload.ts (one plain POST) are interchangeable.
 */
export interface UploadTransport {
  start(request: UploadRequest, onProgress: (sentBytes: number) => void): UploadHandle;
}
