import type { Command } from '../command.js';
import { accountDeleteCommand } from './account-delete.js';
import { adminCreateCommand } from './admin-create.js';
import { adminEventsCommand, adminHealthCommand } from './admin-status.js';
import { appPasswordCommand, sessionsCommand, sessionsRevokeCommand } from './sessions.js';
import { userDeleteCommand } from './user-delete.js';
import { userInviteCommand } from './user-invite.js';
import { userResetFactorsCommand, userResetPasswordCommand } from './user-reset.js';
import { userSetCommand } from './user-set.js';
import { exportCommand } from './export.js';
import { backupCommand } from './backup.js';
import { backupListCommand } from './backup-list.js';
import { backupPruneCommand } from './backup-prune.js';
import { backupRestoreCommand } from './backup-restore.js';
import { backupVerifyCommand } from './backup-verify.js';
import { cpCommand } from './cp.js';
import { downloadCommand } from './download.js';
import { loginCommand } from './login.js';
import { logoutCommand } from './logout.js';
import { lsCommand } from './ls.js';
import { mkdirCommand } from './mkdir.js';
import { mvCommand } from './mv.js';
import { passwdCommand } from './passwd.js';
import { receiptCommand } from './receipt.js';
import { restoreCommand } from './restore.js';
import { rmCommand } from './rm.js';
import { scrubCommand } from './scrub.js';
import { serverCommand } from './server.js';
import { trashEmptyCommand } from './trash-empty.js';
import { trashPurgeCommand } from './trash-purge.js';
import { trashCommand } from './trash.js';
import { uploadCommand } from './upload.js';
import { userAddCommand } from './user-add.js';
import { userDisableCommand } from './user-disable.js';
import { userEnableCommand } from './user-enable.js';
import { userListCommand } from './user-list.js';
import { versionsRestoreCommand } from './versions-restore.js';
import { verifyCommand } from './verify.js';
import { versionsCommand } from './versions.js';
import { whoamiCommand } from './whoami.js';
import { shareAddCommand } from './share-add.js';
import { shareListCommand } from './share-list.js';
import { shareRevokeCommand } from './share-revoke.js';
import { shareLeaveCommand } from './share-leave.js';
import { sharedWithMeCommand } from './shared-with-me.js';
import { linkCreateCommand } from './link-create.js';
import { linkListCommand } from './link-list.js';
import { linkRevokeCommand } from './link-revoke.js';
import { requestCreateCommand } from './request-create.js';
import { requestListCommand } from './request-list.js';
import { requestRevokeCommand } from './request-revoke.js';
import { requestAdoptCommand } from './request-adopt.js';
import { sendCommand } from './send.js';
import { sendListCommand } from './send-list.js';
import { sendStatusCommand } from './send-status.js';
import { sendRevokeCommand } from './send-revoke.js';

/** Every command, in the order `coffer help` lists them. */
export const commands: readonly Command[] = [
  loginCommand,
  logoutCommand,
  whoamiCommand,
  lsCommand,
  mkdirCommand,
  uploadCommand,
  downloadCommand,
  mvCommand,
  cpCommand,
  rmCommand,
  trashCommand,
  trashEmptyCommand,
  trashPurgeCommand,
  restoreCommand,
  versionsCommand,
  versionsRestoreCommand,
  receiptCommand,
  verifyCommand,
  shareAddCommand,
  shareListCommand,
  shareRevokeCommand,
  shareLeaveCommand,
  sharedWithMeCommand,
  linkCreateCommand,
  linkListCommand,
  linkRevokeCommand,
  sendCommand,
  sendListCommand,
  sendStatusCommand,
  sendRevokeCommand,
  requestCreateCommand,
  requestListCommand,
  requestRevokeCommand,
  requestAdoptCommand,
  passwdCommand,
  exportCommand,
  accountDeleteCommand,
  userAddCommand,
  userListCommand,
  userDisableCommand,
  userEnableCommand,
  userSetCommand,
  userInviteCommand,
  userDeleteCommand,
  userResetFactorsCommand,
  userResetPasswordCommand,
  adminHealthCommand,
  adminEventsCommand,
  sessionsCommand,
  sessionsRevokeCommand,
  appPasswordCommand,
  scrubCommand,
  serverCommand,
  adminCreateCommand,
  backupCommand,
  backupRestoreCommand,
  backupVerifyCommand,
  backupListCommand,
  backupPruneCommand,
];
