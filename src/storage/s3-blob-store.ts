import { LazyS3Client, s3ClientConfig, type S3BlobStoreOptions } from './s3-client-config.js';
import { BlobNotFoundError, assertBlobKey, assertByteRange, blobKeyPattern, type BlobInfo, type BlobStore, type ByteRange } from './blob-store.js';
import { copyIntoShared } from './shared-memory-copy.js';

export type { S3BlobStoreOptions } from './s3-client-config.js';

const defaultThreshold = 16 * 1024 * 1024;
const defaultPartSize = 8 * 1024 * 1024;

/**
 * Keeps objects in an S3 bucket as `<prefix>objects/<key>`. S3 writes are atomic (a reader sees the old
 * object, none, or the new one), and a completed PUT is durable, which is the contract's promise.
 *
 * @example
 * const store = new S3BlobStore({ endpoint: 'https://s3.example.com', region: 'eu-1', bucket: 'coffer', forcePathStyle: true });
 */
export class S3BlobStore implements BlobStore {
  readonly description: string;
  private readonly s3: LazyS3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly threshold: number;
  private readonly partSize: number;

  constructor(options: S3BlobStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = normalizePrefix(options.prefix);
    this.threshold = options.multipartThresholdBytes ?? defaultThreshold;
    this.partSize = options.partSizeBytes ?? defaultPartSize;
    // Never the credentials: descriptions go into logs and health reports.
    this.description = `s3:${options.endpoint ?? 'aws'}/${options.bucket}/${this.prefix}`;
    this.s3 = new LazyS3Client(s3ClientConfig(options));
  }

  async put(key: string, data: Uint8Array): Promise<void> {
    assertBlobKey(key);
    if (data.length > this.threshold) return this.putInParts(key, data);
    // The key is the SHA-256 of the bytes, so S3 can check the upload against it at no cost to us.
    const checksum = Buffer.from(key, 'hex').toString('base64');
    const { sdk, client } = await this.s3.use();
    await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Body: data, ChecksumSHA256: checksum }));
  }

  async get(key: string, range?: ByteRange, into?: Buffer): Promise<Buffer> {
    assertBlobKey(key);
    if (range !== undefined) assertByteRange(range);
    if (range?.length === 0) {
      // S3 has no empty range; the contract still needs "missing" to be told apart.
      if ((await this.stat(key)) === undefined) throw new BlobNotFoundError(key);
      return Buffer.alloc(0);
    }
    const rangeHeader = range ? `bytes=${range.offset}-${range.offset + range.length - 1}` : undefined;
    try {
      const { sdk, client } = await this.s3.use();
      const answer = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key), Range: rangeHeader }));
      return await readBody(answer.Body as AsyncIterable<Uint8Array> | undefined, answer.ContentLength ?? 0, into);
    } catch (err) {
      if (isNotFound(err)) throw new BlobNotFoundError(key);
      // A range that starts at or past the end: the object exists, and holds nothing there.
      if (statusOf(err) === 416) return Buffer.alloc(0);
      throw err;
    }
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    assertBlobKey(key);
    try {
      const { sdk, client } = await this.s3.use();
      const head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { key, size: head.ContentLength ?? 0, modifiedAt: wholeSeconds(head.LastModified) };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    // S3 answers 204 for a missing key too, as the contract wants.
    const { sdk, client } = await this.s3.use();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async *list(): AsyncIterable<BlobInfo> {
    const start = `${this.prefix}objects/`;
    let token: string | undefined;
    do {
      const { sdk, client } = await this.s3.use();
      const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: start, ContinuationToken: token }));
      for (const entry of page.Contents ?? []) {
        const key = entry.Key?.slice(start.length) ?? '';
        // Anything else under the prefix could never be read back through get(), so it is not listed either.
        if (blobKeyPattern.test(key)) yield { key, size: entry.Size ?? 0, modifiedAt: wholeSeconds(entry.LastModified) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Closes the SDK's connection pool. */
  close(): void {
    this.s3.close();
  }

  private async putInParts(key: string, data: Uint8Array): Promise<void> {
    const Key = this.objectKey(key);
    const { sdk, client } = await this.s3.use();
    const { UploadId } = await client.send(new sdk.CreateMultipartUploadCommand({ Bucket: this.bucket, Key }));
    try {
      const parts: { PartNumber: number; ETag: string | undefined }[] = [];
      // One part at a time: the server uploads several objects in parallel already.
      for (let offset = 0, PartNumber = 1; offset < data.length; offset += this.partSize, PartNumber += 1) {
        const Body = data.subarray(offset, Math.min(data.length, offset + this.partSize));
        const { ETag } = await client.send(new sdk.UploadPartCommand({ Bucket: this.bucket, Key, UploadId, PartNumber, Body }));
        parts.push({ PartNumber, ETag });
      }
      await client.send(new sdk.CompleteMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (err) {
      // Best effort: a bucket lifecycle rule (docs/storage.md) removes uploads this leaves behind.
      await client.send(new sdk.AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId })).catch(() => undefined);
      throw err;
    }
  }

  private objectKey(key: string): string {
    return `${this.prefix}objects/${key}`;
  }
}

export function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? '').replace(/^\/+/, '');
  return trimmed === '' || trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

/** Reads a response body into `into` when it fits, else into a buffer of its own (the contract of `get`). */
async function readBody(body: AsyncIterable<Uint8Array> | undefined, declared: number, into: Buffer | undefined): Promise<Buffer> {
  let buffer = into && into.length >= declared ? into.subarray(0, declared) : Buffer.allocUnsafeSlow(declared);
  let filled = 0;
  for await (const piece of body ?? []) {
    if (filled + piece.length > buffer.length) {
      // More than Content-Length promised: keep every byte, so the caller's hash or tag check sees what was served.
      const bigger = Buffer.allocUnsafeSlow(filled + piece.length);
      buffer.copy(bigger, 0, 0, filled);
      buffer = bigger;
    }
    copyIntoShared(buffer, filled, piece);
    filled += piece.length;
  }
  return filled === buffer.length ? buffer : buffer.subarray(0, filled);
}

/**
 * HEAD answers carry Last-Modified in whole seconds while listings may carry milliseconds; both are cut to
 * seconds so one object reports one time.
 */
function wholeSeconds(date: Date | undefined): number {
  return Math.floor((date?.getTime() ?? 0) / 1000) * 1000;
}

function statusOf(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

export function isNotFound(err: unknown): boolean {
  const name = (err as { name?: unknown } | null)?.name;
  // A missing bucket is a configuration error, not a missing object: it must not look like a replica to repair.
  if (name === 'NoSuchBucket') return false;
  return name === 'NoSuchKey' || name === 'NotFound' || statusOf(err) === 404;
}
