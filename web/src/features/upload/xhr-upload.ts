import { api, browserRequestHeader, CofferApiError, encodePassphrase, passphraseHeader, type NodeDto } from '@coffer/sdk';
import { client } from '../../app/client';
import type { UploadHandle, UploadRequest, UploadTransport } from './upload-transport';

/**
 * Uploads with XMLHttpRequest: the only browser API that reports upload progress everywhere, and it
 * sends a File straight from disk (the browser streams it; the page never holds the bytes).
 * An existing name gets a new version, as in every sync client.
 */
export const xhrUploadTransport: UploadTransport = {
  start(request: UploadRequest, onProgress: (sentBytes: number) => void): UploadHandle {
    const xhr = new XMLHttpRequest();
    const done = new Promise<NodeDto>((resolve, reject) => {
      const url = client.urlFor(api.uploadFile, { query: { parentId: request.parentId, name: request.name, onConflict: request.onConflict ?? 'version' } });
      xhr.open('POST', url);
      xhr.setRequestHeader('accept', 'application/json');
      xhr.setRequestHeader('content-type', request.file.type || 'application/octet-stream');
      xhr.setRequestHeader(browserRequestHeader, '1');
      if (request.passphrase !== undefined) xhr.setRequestHeader(passphraseHeader, encodePassphrase(request.passphrase));
      xhr.upload.onprogress = (event) => onProgress(event.loaded);
      xhr.onload = () => {
        const body = parseJson(xhr.responseText);
        if (xhr.status >= 200 && xhr.status < 300) resolve(body as NodeDto);
        else reject(errorOf(xhr.status, body));
      };
      xhr.onerror = () =>
        reject(new CofferApiError({ status: 0, code: 'network.unreachable', message: 'The connection to the server broke during the upload.' }));
      xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
      xhr.send(request.file);
    });
    return { done, abort: () => xhr.abort() };
  },
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorOf(status: number, body: unknown): CofferApiError {
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new CofferApiError({ status, code: error?.code ?? 'response.invalid', message: error?.message ?? `The upload failed (HTTP ${status}).` });
}
