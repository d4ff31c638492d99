import { browserRequestHeader, CofferApiError, encodePassphrase, passphraseHeader, type NodeDto } from '@coffer/sdk';
import type { DetailedError, PreviousUpload, Upload, UploadOptions } from 'tus-js-client';
import { client } from '../../app/client';
import type { UploadHandle, UploadRequest, UploadTransport } from './upload-transport';

const endpoint = '/api/v1/uploads';
const fileIdHeader = 'Coffer-File-Id';
/** Smaller than the whole file so a dropped connection loses at most one chunk; large enough to keep requests few. */
const chunkSize = 50 * 1024 * 1024;

/**
 * Uploads resumably with tus (docs/tus.md). tus-js-client is loaded on the first upload, so the first
 * screen never pays for it. Retrying a failed upload resumes it from the server's offset (tus-js-client
 * remembers the upload URL in localStorage); cancelling terminates it on the server.
 */
export const tusUploadTransport: UploadTransport = {
  start(request: UploadRequest, onProgress: (sentBytes: number) => void): UploadHandle {
    let upload: Upload | undefined;
    let aborted = false;
    let rejectDone: (err: unknown) => void = () => undefined;
    const done = new Promise<NodeDto>((resolve, reject) => {
      rejectDone = reject;
      void run(request, onProgress, (created) => {
        upload = created;
        return !aborted;
      }).then(resolve, reject);
    });
    return {
      done,
      abort() {
        aborted = true;
        // abort(true) also sends DELETE, so the server drops what it staged.
        void upload?.abort(true).catch(() => undefined);
        rejectDone(new DOMException('The upload was cancelled.', 'AbortError'));
      },
    };
  },
};

async function run(request: UploadRequest, onProgress: (sentBytes: number) => void, register: (upload: Upload) => boolean): Promise<NodeDto> {
  const tus = await import('tus-js-client');
  const metadata = { parentId: request.parentId, filename: request.name, onConflict: request.onConflict ?? 'version' };
  const fileId = await new Promise<string>((resolve, reject) => {
    let id: string | undefined;
    const options: UploadOptions = {
      endpoint,
      chunkSize,
      headers: { [browserRequestHeader]: '1' },
      metadata,
      removeFingerprintOnSuccess: true,
      onBeforeRequest(req) {
        // The passphrase opens the file key at creation only; it never goes into metadata (kept in URL storage).
        if (req.getMethod() === 'POST' && request.passphrase !== undefined) req.setHeader(passphraseHeader, encodePassphrase(request.passphrase));
      },
      onAfterResponse(_req, res) {
        id = res.getHeader(fileIdHeader) ?? id;
      },
      onProgress: (sent) => onProgress(sent),
      onSuccess: () =>
        id ? resolve(id) : reject(new CofferApiError({ status: 0, code: 'response.invalid', message: 'The server did not name the uploaded file.' })),
      onError: (err) => reject(errorOf(err)),
    };
    const upload = new tus.Upload(request.file, options);
    if (!register(upload)) return;
    void upload.findPreviousUploads().then(
      (previous) => {
        const same = previous.find((candidate) => sameTarget(candidate, metadata));
        if (same) upload.resumeFromPreviousUpload(same);
        upload.start();
      },
      () => upload.start(),
    );
  });
  return client.getNode(fileId);
}

/** The fingerprint covers only the file; resume only an upload headed for the same folder and name. */
function sameTarget(previous: PreviousUpload, metadata: Record<string, string>): boolean {
  return Object.entries(metadata).every(([key, value]) => previous.metadata[key] === value);
}

function errorOf(err: Error): CofferApiError {
  const response = (err as Partial<DetailedError>).originalResponse;
  if (!response) return new CofferApiError({ status: 0, code: 'network.unreachable', message: 'The connection to the server broke during the upload.' });
  const status = response.getStatus();
  const body = parseJson(response.getBody());
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new CofferApiError({ status, code: error?.code ?? 'response.invalid', message: error?.message ?? `The upload failed (HTTP ${status}).` });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
