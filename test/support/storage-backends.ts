import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { S3TestServer } from '../../src/storage/testing/s3-test-server.js';

export { startS3TestServer, type S3TestServer } from '../../src/storage/testing/s3-test-server.js';

/** One backend of a test server, seen from outside: where each object's bytes lie on disk. */
export interface ReplicaFiles {
  readonly kind: 'local' | 's3';
  /** The file holding the object's bytes (a local folder's object file, or s3rver's). */
  file(key: string): string;
}

/** The storage setups every storage suite runs against. */
export type StorageSetup = 's3' | 'local+s3' | 'local+local';

/**
 * COFFER_STORAGE for `setup` (bucket names from the s3rver test server, folders inside the data folder), and how
 * a test finds each replica's object files.
 */
export function storageFor(setup: StorageSetup, s3: S3TestServer, dataDir: string, bucket: string): { env: Record<string, string>; replicas: ReplicaFiles[] } {
  const prefix = 'coffer/';
  const s3Backend = {
    type: 's3',
    bucket,
    endpoint: s3.endpoint,
    region: 'us-east-1',
    prefix,
    forcePathStyle: true,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
  const local = (name: string): ReplicaFiles => ({ kind: 'local', file: (key) => path.join(dataDir, name, 'objects', key.slice(0, 2), key) });
  const bucketFiles: ReplicaFiles = { kind: 's3', file: (key) => s3.objectFile(bucket, `${prefix}objects/${key}`) };
  const backends =
    setup === 's3'
      ? { list: [s3Backend], replicas: [bucketFiles] }
      : setup === 'local+s3'
        ? { list: [{ type: 'local', path: 'blobs-a' }, s3Backend], replicas: [local('blobs-a'), bucketFiles] }
        : {
            list: [
              { type: 'local', path: 'blobs-a' },
              { type: 'local', path: 'blobs-b' },
            ],
            replicas: [local('blobs-a'), local('blobs-b')],
          };
  return { env: { COFFER_STORAGE: JSON.stringify(backends.list) }, replicas: backends.replicas };
}

/** True when the replica holds exactly the object's bytes. */
export function replicaIsGood(replica: ReplicaFiles, key: string): boolean {
  const file = replica.file(key);
  return existsSync(file) && createHash('sha256').update(readFileSync(file)).digest('hex') === key;
}
