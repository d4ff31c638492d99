import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { S3BlobStoreOptions } from './s3-blob-store.js';

/** The SDK client settings every Coffer S3 user shares (the blob store, the backup target's snapshot files). */
export function s3ClientConfig(options: Omit<S3BlobStoreOptions, 'bucket'>): S3ClientConfig {
  const timeout = options.requestTimeoutMs ?? 60_000;
  return {
    region: options.region,
    forcePathStyle: options.forcePathStyle ?? false,
    // The standard mode retries 5xx, throttling and network errors with exponential backoff and jitter.
    retryMode: 'standard',
    maxAttempts: options.maxAttempts ?? 4,
    // Without throwOnRequestTimeout the handler only warns on the console and keeps waiting; the socket timeout
    // also covers a body that stalls after the headers arrived.
    requestHandler: { requestTimeout: timeout, socketTimeout: timeout, connectionTimeout: 10_000, throwOnRequestTimeout: true },
    // Since SDK 3.729 every upload gets a CRC32 trailer in aws-chunked encoding by default. Several S3-compatible
    // servers (s3rver among them) store that framing as object bytes, so checksums are sent only when an operation
    // requires one. Nothing is lost: PUTs carry x-amz-checksum-sha256 (the key itself), and reads are verified by
    // SHA-256 or AES-GCM above this layer.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.accessKeyId && options.secretAccessKey ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } } : {}),
  };
}
