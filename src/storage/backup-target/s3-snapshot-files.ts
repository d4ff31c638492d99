import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { s3ClientConfig } from '../s3-client-config.js';
import { isNotFound, normalizePrefix, type S3BlobStoreOptions } from '../s3-blob-store.js';
import { snapshotFileNamePattern, type SnapshotFileStore } from './backup-target.js';

/**
 * Snapshot files as `<prefix>snapshots/<name>` in a bucket. A PUT is all-or-nothing on S3 (a reader sees the old
 * object, none, or the new one), which is the atomicity `put` promises; no temp names are needed.
 */
export class S3SnapshotFiles implements SnapshotFileStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly folder: string;

  constructor(options: S3BlobStoreOptions) {
    this.client = new S3Client(s3ClientConfig(options));
    this.bucket = options.bucket;
    this.folder = `${normalizePrefix(options.prefix)}snapshots/`;
  }

  async put(name: string, data: Uint8Array): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.keyOf(name), Body: data }));
  }

  async get(name: string): Promise<Buffer | undefined> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(name) }));
      return Buffer.from((await answer.Body?.transformToByteArray()) ?? []);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async list(): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.folder, ContinuationToken: token }));
      for (const entry of page.Contents ?? []) {
        const name = entry.Key?.slice(this.folder.length) ?? '';
        if (snapshotFileNamePattern.test(name)) names.push(name);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return names.sort();
  }

  async delete(name: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(name) }));
  }

  close(): void {
    this.client.destroy();
  }

  private keyOf(name: string): string {
    if (!snapshotFileNamePattern.test(name)) throw new TypeError('A snapshot file name is letters, digits, dot, dash and underscore');
    return `${this.folder}${name}`;
  }
}
