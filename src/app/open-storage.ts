import type { CofferConfig, StorageBackendConfig } from '../config/index.js';
import { LocalFolderBlobStore, ReplicatedBlobStore, S3BlobStore, type BlobStore, type ObjectCheck } from '../storage/index.js';

export interface OpenStorage {
  /** What features use: the one backend, or the replicated set. */
  readonly blobs: BlobStore;
  /** Every backend in read order, for the scrubber and the health report. */
  readonly replicas: readonly BlobStore[];
  readonly writeQuorum: number;
  close(): Promise<void>;
}

/** Opens the configured backends. One backend is used as it is: replication costs nothing when there is none. */
export async function openStorage(config: CofferConfig, onRepair?: (check: ObjectCheck) => void): Promise<OpenStorage> {
  const replicas = await Promise.all(config.storage.map(openBackend));
  const replicated =
    replicas.length > 1 ? new ReplicatedBlobStore(replicas, { writeQuorum: config.storageWriteQuorum, ...(onRepair ? { onRepair } : {}) }) : undefined;
  return {
    blobs: replicated ?? replicas[0]!,
    replicas,
    writeQuorum: replicated?.writeQuorum ?? 1,
    async close() {
      await replicated?.settle();
      for (const replica of replicas) if (replica instanceof S3BlobStore) replica.close();
    },
  };
}

function openBackend(backend: StorageBackendConfig): Promise<BlobStore> | BlobStore {
  if (backend.type === 'local') return LocalFolderBlobStore.open(backend.path);
  return new S3BlobStore(backend);
}
