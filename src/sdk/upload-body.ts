/** What an upload accepts: a stream (Node files, fetch bodies), bytes in memory, or a browser File/Blob. */
export type UploadBody = ReadableStream<Uint8Array> | Uint8Array | Blob;

export interface UploadProgress {
  /** Bytes handed to the network so far. */
  readonly sentBytes: number;
  /** The declared size, when known. */
  readonly totalBytes: number | undefined;
}

export interface PreparedBody {
  readonly body: ReadableStream<Uint8Array> | Uint8Array | Blob;
  readonly contentLength: number | undefined;
  readonly streaming: boolean;
}

const progressSliceBytes = 256 * 1024;

/**
 * Decides the length to declare and, when progress is wanted, wraps the body in a stream that counts
 * bytes as fetch pulls them. Bytes and Blobs go to fetch as they are otherwise, which browsers can
 * send without streaming-upload support.
 */
export function prepareUploadBody(body: UploadBody, contentLength: number | undefined, onProgress?: (progress: UploadProgress) => void): PreparedBody {
  const knownLength = contentLength ?? (body instanceof Uint8Array ? body.byteLength : body instanceof Blob ? body.size : undefined);
  if (!onProgress) {
    return { body, contentLength: knownLength, streaming: body instanceof ReadableStream };
  }
  const source = body instanceof ReadableStream ? body : body instanceof Blob ? (body.stream() as ReadableStream<Uint8Array>) : sliceBytes(body);
  return { body: countBytes(source, knownLength, onProgress), contentLength: knownLength, streaming: true };
}

function sliceBytes(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      const end = Math.min(offset + progressSliceBytes, bytes.byteLength);
      controller.enqueue(bytes.subarray(offset, end));
      offset = end;
    },
  });
}

function countBytes(
  source: ReadableStream<Uint8Array>,
  totalBytes: number | undefined,
  onProgress: (progress: UploadProgress) => void,
): ReadableStream<Uint8Array> {
  let sentBytes = 0;
  onProgress({ sentBytes, totalBytes });
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        controller.enqueue(chunk);
        sentBytes += chunk.byteLength;
        onProgress({ sentBytes, totalBytes });
      },
    }),
  );
}
