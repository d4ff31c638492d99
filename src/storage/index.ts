export * from './blob-store.js';
export { LocalFolderBlobStore } from './local-folder-blob-store.js';
export { S3BlobStore, type S3BlobStoreOptions } from './s3-blob-store.js';
export * from './replication/index.js';
export * from './content/index.js';
export * from './backup-target/index.js';
