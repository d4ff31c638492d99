import { LazyS3Client, s3ClientConfig } from '../s3-client-config.js';
import { isNotFound, normalizePrefix, type S3BlobStoreOptions } from '../s3-blob-store.js';
import { snapshotFileNamePattern, type SnapshotFileStore } from './backup-target.js';

/**
 * Snapshot files as `<prefix>snapshots/<name>` in a bucket. A PUT is all-or-nothing on S3 (a reader sees the old
 * object, none, or the new one), which is the atomicity `put` promises; no temp names are needed.
 */
export class S3SnapshotFiles implements SnapshotFileStore {
  private readonly s3: LazyS3Client;
  private readonly bucket: string;
  private readonly folder: string;

  constructor(options: S3BlobStoreOptions) {
    this.s3 = new LazyS3Client(s3ClientConfig(options));
    this.bucket = options.bucket;
    this.folder = `${normalizePrefix(options.prefix)}snapshots/`;
  }

  async put(name: string, data: Uint8Array): Promise<void> {
    const { sdk, client } = await this.s3.use();
    await client.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: this.keyOf(name), Body: data }));
  }

  async get(name: string): Promise<Buffer | undefined> {
    try {
      const { sdk, client } = await this.s3.use();
      const answer = await client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(name) }));
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
      const { sdk, client } = await this.s3.use();
      const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.folder, ContinuationToken: token }));
      for (const entry of page.Contents ?? []) {
        const name = entry.Key?.slice(this.folder.length) ?? '';
        if (snapshotFileNamePattern.test(name)) names.push(name);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return names.sort();
  }

  async delete(name: string): Promise<void> {
    const { sdk, client } = await this.s3.use();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(name) }));
  }

  close(): void {
    this.s3.close();
  }

  private keyOf(name: string): string {
    if (!snapshotFileNamePattern.test(name)) throw new TypeError('A snapshot file name is letters, digits, dot, dash and underscore');
    return `${this.folder}${name}`;
  }
}
