export { TusUploadService, checksumAlgorithms, type AppendRequest, type ChecksumAlgorithm, type TusOptions, type UploadStatus } from './tus-upload.service.js';
export type { UploadTargetRequest } from './upload-target.js';
