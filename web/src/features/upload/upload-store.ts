import { useSyncExternalStore } from 'react';
import { UploadQueue, type UploadItem } from './upload-queue';
import { tusUploadTransport } from './tus-upload';

/** The app's one queue, resumable through tus; swap the transport here and nothing else changes. */
export const uploadQueue = new UploadQueue(tusUploadTransport);

export function useUploads(): readonly UploadItem[] {
  return useSyncExternalStore(uploadQueue.subscribe, uploadQueue.snapshot);
}
