export * from './blob-store.js';
export { LocalFolderBlobStore } from './local-folder-blob-store.js';
export * from './content/index.js';
export * from './backup-target/index.js';
