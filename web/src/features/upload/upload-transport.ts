import type { NodeDto } from '@coffer/sdk';

/** One file to send: where, under which name, with which encryption. */
export interface UploadRequest {
  readonly file: File;
  readonly parentId: string;
  readonly name: string;
  /** Custom passphrase; undefined means the account key (the default). */
  readonly passphrase: string | undefined;
}

export interface UploadHandle {
  readonly done: Promise<NodeDto>;
  abort(): void;
}

/**
 * How bytes reach the server. The queue only knows this interface, so the plain POST used today
 * (xhr-upload.ts) can be swapped for a resumable tus client (tus-js-client against /api/v1/uploads)
 * without touching the queue or the screens.
 */
export interface UploadTransport {
  start(request: UploadRequest, onProgress: (sentBytes: number) => void): UploadHandle;
}
