import { clientErrorCodes, CofferApiError } from './errors.js';

/**
 * Passes a response body through and fails it, as a CofferApiError('download.incomplete'), when the
 * connection breaks or ends before `expectedBytes` arrived. The server aborts the connection when
 * stored data fails its integrity check mid-stream, so a short body must never look like success.
 */
export function guardDownloadStream(body: ReadableStream<Uint8Array>, expectedBytes: number | undefined, source: string): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let receivedBytes = 0;
  const incomplete = (cause?: unknown): CofferApiError =>
    new CofferApiError({
      status: 0,
      code: clientErrorCodes.downloadIncomplete,
      message:
        receivedBytes > (expectedBytes ?? Infinity)
          ? `The download from ${source} sent more than the announced ${expectedBytes} bytes.`
          : `The download from ${source} stopped after ${receivedBytes}` +
            (expectedBytes === undefined ? ' bytes' : ` of ${expectedBytes} bytes`) +
            '. The connection broke, or the server stopped because stored data failed its integrity check.',
      cause,
    });

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let result: Awaited<ReturnType<typeof reader.read>>;
      try {
        result = await reader.read();
      } catch (err) {
        controller.error(incomplete(err));
        return;
      }
      if (result.done) {
        if (expectedBytes !== undefined && receivedBytes !== expectedBytes) controller.error(incomplete());
        else controller.close();
        return;
      }
      receivedBytes += result.value.byteLength;
      if (expectedBytes !== undefined && receivedBytes > expectedBytes) {
        controller.error(incomplete());
        await reader.cancel().catch(() => undefined);
        return;
      }
      controller.enqueue(result.value);
    },
    async cancel(reason) {
      await reader.cancel(reason);
    },
  });
}

/** The file name from a Content-Disposition header: RFC 6266 `filename*` (UTF-8) first, then `filename`. */
export function fileNameFromDisposition(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    try {
      return decodeURIComponent(extended[2].trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/\\(.)/g, '$1');
  const bare = /filename\s*=\s*([^;]+)/i.exec(header);
  return bare?.[1]?.trim();
}
