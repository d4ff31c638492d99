import path from 'node:path';
import { LocalFolderBlobStore } from '../local-folder-blob-store.js';
import { S3BlobStore, type S3BlobStoreOptions } from '../s3-blob-store.js';
import type { BackupTarget } from './backup-target.js';
import { LocalFolderSnapshotFiles } from './local-folder-snapshot-files.js';
import { S3SnapshotFiles } from './s3-snapshot-files.js';

/** A folder target: `<dir>/objects/…` (the same layout as the server's blob folder) and `<dir>/snapshots/`. */
export async function openFolderBackupTarget(dir: string): Promise<BackupTarget> {
  const root = path.resolve(dir);
  return {
    description: `folder:${root}`,
    objects: await LocalFolderBlobStore.open(root),
    files: await LocalFolderSnapshotFiles.open(path.join(root, 'snapshots')),
  };
}

/**
 * `s3://bucket/prefix?endpoint=https://s3.example.com&region=eu-1&forcePathStyle=true` as S3 options. Credentials
 * never come from the location (it is shown in reports and shell history): the SDK's default chain supplies them
 * (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, shared files, instance roles).
 */
export function parseS3Location(location: string): S3BlobStoreOptions {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    throw new TypeError(`The backup target ${location} is not a valid s3:// address.`);
  }
  if (url.protocol !== 's3:' || url.hostname === '') throw new TypeError('An S3 backup target looks like s3://bucket/prefix?endpoint=…&region=…');
  if (url.username !== '' || url.password !== '')
    throw new TypeError('Put S3 credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, not in the backup target address.');
  const known = new Set(['endpoint', 'region', 'forcePathStyle']);
  for (const name of url.searchParams.keys())
    if (!known.has(name)) throw new TypeError(`Unknown S3 backup target setting "${name}" (endpoint, region, forcePathStyle).`);
  const forcePathStyle = url.searchParams.get('forcePathStyle');
  if (forcePathStyle !== null && forcePathStyle !== 'true' && forcePathStyle !== 'false') throw new TypeError('forcePathStyle is true or false.');
  const endpoint = url.searchParams.get('endpoint');
  return {
    bucket: url.hostname,
    prefix: decodeURIComponent(url.pathname.replace(/^\/+/, '')),
    region: url.searchParams.get('region') ?? process.env.AWS_REGION ?? 'us-east-1',
    forcePathStyle: forcePathStyle === 'true',
    ...(endpoint ? { endpoint } : {}),
  };
}

/** An S3 target: `<prefix>objects/<key>` (the same layout as the S3 blob store) and `<prefix>snapshots/<name>`. */
export function openS3BackupTarget(options: S3BlobStoreOptions): BackupTarget {
  const objects = new S3BlobStore(options);
  const files = new S3SnapshotFiles(options);
  return {
    description: objects.description,
    objects,
    files,
    close() {
      objects.close();
      files.close();
    },
  };
}

/** A folder path, or an `s3://` address (see `parseS3Location`). */
export async function openBackupTarget(location: string): Promise<BackupTarget> {
  if (location.startsWith('s3://')) return openS3BackupTarget(parseS3Location(location));
  return openFolderBackupTarget(location);
}
