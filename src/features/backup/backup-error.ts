/** Failures of backup tooling, with stable codes the CLI prints (`coffer: message`, or `{error:{code}}` with --json). */
export type BackupErrorCode =
  | 'backup.recipient_missing'
  | 'backup.recipient_invalid'
  | 'backup.identity_invalid'
  | 'backup.identity_wrong'
  | 'backup.snapshot_not_found'
  | 'backup.snapshot_damaged'
  | 'backup.target_not_empty'
  | 'backup.target_is_storage'
  | 'backup.objects_missing'
  | 'backup.migration_unknown';

export class BackupError extends Error {
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}
