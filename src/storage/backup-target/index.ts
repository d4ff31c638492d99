export * from './backup-target.js';
export { LocalFolderSnapshotFiles } from './local-folder-snapshot-files.js';
export { S3SnapshotFiles } from './s3-snapshot-files.js';
export { openBackupTarget, openFolderBackupTarget, openS3BackupTarget, parseS3Location } from './open-backup-target.js';
