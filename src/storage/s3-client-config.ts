import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

/** Where and how to reach a bucket (the blob store's and the backup target's). */
export interface S3BlobStoreOptions {
  /** Omit for AWS itself; set for MinIO, Ceph, Garage, Backblaze, s3rver and other S3-compatible services. */
  readonly endpoint?: string;
  readonly region: string;
  readonly bucket: string;
  /** Keys are stored under `<prefix>objects/`; a prefix lets several servers (or other data) share a bucket. */
  readonly prefix?: string;
  /** Both or neither; without them the SDK's default chain applies (AWS_* variables, shared files, instance roles). */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** `bucket.host/key` (virtual-hosted, AWS's default) or `host/bucket/key`, which most self-hosted services need. */
  readonly forcePathStyle?: boolean;
  /** Objects larger than this go up in parts. Coffer's objects are about 4.2 MB, so the default sends them in one PUT. */
  readonly multipartThresholdBytes?: number;
  /** Size of each part but the last (S3 itself needs at least 5 MiB; tests use smaller parts against s3rver). */
  readonly partSizeBytes?: number;
  /** Attempts per request, including the first: 5xx answers, throttling and timeouts are retried with backoff. */
  readonly maxAttempts?: number;
  /** A request with no response (or a stalled body) for this long fails, and is retried. */
  readonly requestTimeoutMs?: number;
}

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

type S3Sdk = typeof import('@aws-sdk/client-s3');
let sdkLoading: Promise<S3Sdk> | undefined;

/**
 * An S3 client made on first use. The SDK is a large module (about 20 MB of a server's memory) that a server on
 * local disks never needs, so it is loaded only when an S3 store or backup target is actually used.
 */
export class LazyS3Client {
  private ready: Promise<{ sdk: S3Sdk; client: S3Client }> | undefined;
  private closed = false;

  constructor(private readonly config: S3ClientConfig) {}

  use(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    if (this.closed) return Promise.reject(new Error('the S3 client is closed'));
    this.ready ??= (sdkLoading ??= import('@aws-sdk/client-s3')).then((sdk) => ({ sdk, client: new sdk.S3Client(this.config) }));
    return this.ready;
  }

  /** Closes the SDK's connection pool, if one was ever opened. */
  close(): void {
    this.closed = true;
    void this.ready?.then(({ client }) => client.destroy()).catch(() => undefined);
  }
}
