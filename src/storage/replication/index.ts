export { ReplicatedBlobStore, type ReplicatedBlobStoreOptions } from './replicated-blob-store.js';
export { checkObject, type CheckOptions, type CopyState, type ObjectCheck } from './object-repair.js';
