import { clientErrorCodes, CofferApiError } from './errors.js';
import { passphraseHeaders } from './passphrase.js';
import { apiPrefix, authHeaders, send, type Transport } from './request.js';

export interface ResumableTarget {
  readonly parentId: string;
  readonly name: string;
  /** `fail` (default) refuses a taken name; `version` adds a version to the file of that name. */
  readonly onConflict?: 'fail' | 'version';
}

export interface ResumableOptions {
  /** Bytes per PATCH (default 16 MiB): what a dropped connection can cost at most. */
  readonly chunkSize?: number;
  readonly passphrase?: string;
  /** Continue an upload created earlier (the URL `onUploadUrl` reported) instead of creating one. */
  readonly uploadUrl?: string;
  /** Called once the upload exists: keep the URL to resume after a crash. */
  readonly onUploadUrl?: (url: string) => void;
  readonly onProgress?: (sent: number, total: number) => void;
  /** Attempts after a network failure, 409, 423 or 5xx, each resuming from the server's offset (default 5). */
  readonly retries?: number;
  readonly signal?: AbortSignal;
}

export interface ResumableResult {
  readonly fileId: string;
  readonly versionNumber: number | undefined;
  readonly uploadUrl: string;
}

const tus = { 'tus-resumable': '1.0.0' };

/**
 * A tus 1.0 upload (docs/tus.md) of a Blob or byte array: sent in chunks, each one resumable, so a dropped
 * connection costs at most one chunk. Needs only fetch: runs in browsers and in Node (`fs.openAsBlob`).
 */
export async function uploadResumable(
  transport: Transport,
  target: ResumableTarget,
  body: Blob | Uint8Array,
  options: ResumableOptions = {},
): Promise<ResumableResult> {
  const blob = body instanceof Blob ? body : new Blob([body as Uint8Array<ArrayBuffer>]);
  const chunkSize = options.chunkSize ?? 16 * 1024 * 1024;
  const headers = { ...tus, ...authHeaders(transport) };
  let url = options.uploadUrl;
  let offset: number | undefined;
  if (url === undefined) {
    const metadata = [`parentId ${base64(target.parentId)}`, `filename ${base64(target.name)}`, `onConflict ${base64(target.onConflict ?? 'fail')}`].join(',');
    const created = await send(transport, `${transport.baseUrl}${apiPrefix}/uploads`, {
      method: 'POST',
      headers: { ...headers, ...passphraseHeaders(options.passphrase), 'upload-length': String(blob.size), 'upload-metadata': metadata },
      signal: options.signal,
    });
    const done = finished(created);
    url = new URL(created.headers.get('location') ?? '', transport.baseUrl).toString();
    if (done) return { ...done, uploadUrl: url };
    options.onUploadUrl?.(url);
    offset = 0;
  }
  let retriesLeft = options.retries ?? 5;
  for (;;) {
    try {
      if (offset === undefined) {
        const head = await send(transport, url, { method: 'HEAD', headers, signal: options.signal });
        offset = Number(head.headers.get('upload-offset'));
      }
      const end = Math.min(blob.size, offset + chunkSize);
      const answer = await send(transport, url, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
        body: blob.slice(offset, end),
        signal: options.signal,
      });
      offset = Number(answer.headers.get('upload-offset'));
      options.onProgress?.(offset, blob.size);
      const done = finished(answer);
      if (done) return { ...done, uploadUrl: url };
    } catch (err) {
      if (!(err instanceof CofferApiError) || !retryable(err) || retriesLeft <= 0) throw err;
      retriesLeft -= 1;
      offset = undefined;
      await new Promise((resolve) => setTimeout(resolve, 500 * 2 ** ((options.retries ?? 5) - retriesLeft - 1)));
    }
  }
}

function finished(response: Response): Omit<ResumableResult, 'uploadUrl'> | undefined {
  const fileId = response.headers.get('coffer-file-id');
  if (!fileId) return undefined;
  const version = Number(response.headers.get('coffer-version'));
  return { fileId, versionNumber: Number.isInteger(version) && version > 0 ? version : undefined };
}

function retryable(err: CofferApiError): boolean {
  return err.code === clientErrorCodes.networkUnreachable || err.status === 409 || err.status === 423 || err.status >= 500;
}

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
