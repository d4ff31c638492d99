import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import { S3BlobStore, type S3BlobStoreOptions } from '../s3-blob-store.js';

/** The part of s3rver's API the harness uses (the package ships no types). */
interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

export interface S3TestServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Where s3rver keeps its buckets: tests that play a failing disk edit objects here. */
  readonly directory: string;
  /** A fresh bucket on this server (s3rver creates buckets only when it starts, so each test server has a few). */
  readonly buckets: readonly string[];
  /** Options for an S3BlobStore over one of the buckets, with s3rver's fixed credentials. */
  storeOptions(bucket: string, extra?: Partial<S3BlobStoreOptions>): S3BlobStoreOptions;
  /** The file s3rver keeps an object's bytes in, for tamper tests. */
  objectFile(bucket: string, objectKey: string): string;
  close(): Promise<void>;
}

/**
 * s3rver on 127.0.0.1, a random port and a temp folder: a stand-in that speaks the S3 wire protocol,
 * since neither AWS nor MinIO can run here. It accepts the credentials S3RVER / S3RVER.
 */
export async function startS3TestServer(bucketCount = 4): Promise<S3TestServer> {
  const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;
  const directory = await mkdtemp(path.join(tmpdir(), 'coffer-s3rver-'));
  const buckets = Array.from({ length: bucketCount }, (_, i) => `coffer-${i}-${randomBytes(4).toString('hex')}`);
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name })) });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    directory,
    buckets,
    storeOptions: (bucket, extra = {}) => ({
      endpoint,
      region: 'us-east-1',
      bucket,
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
      ...extra,
    }),
    // s3rver's filesystem store keeps each object as `<bucket>/<key>._S3rver_object` beside its metadata.
    objectFile: (bucket, objectKey) => path.join(directory, bucket, `${objectKey}._S3rver_object`),
    async close() {
      // Keep-alive sockets of SDK clients would otherwise hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** An S3BlobStore over a bucket of `server`; `cleanup` empties nothing (each test uses fresh buckets or prefixes). */
export function s3StoreOn(server: S3TestServer, bucket: string, extra: Partial<S3BlobStoreOptions> = {}): S3BlobStore {
  return new S3BlobStore(server.storeOptions(bucket, extra));
}
