import { useSyncExternalStore } from 'react';
import { UploadQueue, type UploadItem } from './upload-queue';
import { xhrUploadTransport } from './xhr-upload';

/** The app's one queue; swap the transport here (e.g. for tus) and nothing else changes. */
export const uploadQueue = new UploadQueue(xhrUploadTransport);

export function useUploads(): readonly UploadItem[] {
  return useSyncExternalStore(uploadQueue.subscribe, uploadQueue.snapshot);
}
