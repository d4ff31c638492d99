/**
 * The error catalogue: every failure a client can see has a stable code here.
 * Codes are part of the public API (clients branch on them); messages are for people.
 * The HTTP status lives beside the code so one mapper (http/error-mapper.ts) can present any error.
 */
export const errorCatalogue = {
  'request.invalid': { status: 400, message: 'The request is not valid.' },
  'request.malformed_json': { status: 400, message: 'The request body is not valid JSON.' },
  'request.malformed_multipart': { status: 400, message: 'The multipart form could not be read.' },
  'request.too_large': { status: 413, message: 'The request body is too large.' },
  'request.unsupported_media_type': { status: 415, message: 'This content type is not accepted here.' },
  'route.not_found': { status: 404, message: 'There is no such API route.' },
  'route.method_not_allowed': { status: 405, message: 'This method is not allowed on this route.' },

  'auth.required': { status: 401, message: 'Sign in first.' },
  'auth.invalid_credentials': { status: 401, message: 'The email or password is wrong.' },
  'auth.session_invalid': { status: 401, message: 'Your session has expired or was revoked. Sign in again.' },
  'auth.forbidden': { status: 403, message: 'You are not allowed to do that.' },
  'auth.rate_limited': { status: 429, message: 'Too many attempts. Wait a moment and try again.' },
  'auth.password_too_weak': { status: 400, message: 'The password must be at least 10 characters long.' },
  'auth.registration_closed': { status: 403, message: 'Self-registration is turned off on this server. Ask an administrator for an account.' },
  'auth.recovery_key_invalid': { status: 401, message: 'The recovery key is wrong.' },
  'auth.challenge_invalid': { status: 401, message: 'This sign-in attempt has expired or was already used. Sign in again.' },
  'auth.code_invalid': { status: 401, message: 'The code is wrong.' },
  'auth.code_expired': { status: 401, message: 'This code has expired or was tried too often. Ask for a new one.' },
  'auth.factor_unavailable': { status: 400, message: 'This account cannot confirm sign-in that way.' },
  'auth.passkey_invalid': { status: 401, message: 'This passkey cannot sign you in without a password. Sign in with your password instead.' },
  'auth.reauth_required': { status: 403, message: 'Confirm it is you: enter your password again (or use a passkey) to make this change.' },
  'auth.scope_denied': { status: 403, message: 'This app password is not allowed to do that.' },
  'auth.invitation_invalid': { status: 403, message: 'The invitation is invalid, expired or was already used.' },
  'factor.already_enrolled': { status: 409, message: 'This second factor is already set up. Remove it first to set it up again.' },
  'factor.not_pending': { status: 409, message: 'Start setting up the authenticator app first.' },
  'session.not_found': { status: 404, message: 'There is no such session or app password.' },
  'mail.unavailable': { status: 503, message: 'Mail could not be sent right now. Try again later.' },
  'user.confirmation_required': {
    status: 400,
    message: 'Resetting a password without the recovery key makes every existing file unreadable. Confirm this explicitly to continue.',
  },

  'setup.already_done': { status: 409, message: 'This server already has an administrator.' },
  'setup.token_invalid': { status: 403, message: 'The setup link is invalid or was already used.' },

  'user.email_taken': { status: 409, message: 'An account with this email address already exists.' },
  'user.email_invalid': { status: 400, message: 'This is not a valid email address.' },
  'user.not_found': { status: 404, message: 'There is no such user.' },
  'user.disabled': { status: 403, message: 'This account is disabled. Contact an administrator.' },
  'user.last_admin': { status: 409, message: 'The last administrator cannot delete their account. Make another administrator first.' },

  'node.not_found': { status: 404, message: 'No such file or folder.' },
  'node.name_invalid': { status: 400, message: 'This name is not allowed.' },
  'node.name_taken': { status: 409, message: 'An item with this name already exists in this folder.' },
  'node.not_a_folder': { status: 400, message: 'This item is not a folder.' },
  'node.not_a_file': { status: 400, message: 'This item is not a file.' },
  'node.move_into_itself': { status: 400, message: 'A folder cannot be moved or copied into itself.' },
  'node.is_root': { status: 400, message: 'The root folder cannot be changed.' },
  'node.in_trash': { status: 409, message: 'This item is in the trash. Restore it first.' },
  'node.not_in_trash': { status: 409, message: 'This item is not in the trash.' },
  'node.name_damaged': { status: 500, message: 'The stored name of this item failed its integrity check.' },
  'version.not_found': { status: 404, message: 'No such version.' },

  'file.passphrase_required': { status: 403, message: 'This file is protected by a passphrase. Provide it to continue.' },
  'file.passphrase_invalid': { status: 403, message: 'The passphrase for this file is wrong.' },
  'file.pending_adoption': {
    status: 409,
    message: 'This file arrived through a file request and is still sealed to you. Adopt your pending uploads first (coffer request adopt).',
  },
  'quota.exceeded': { status: 507, message: 'Not enough storage space left in your quota.' },
  'range.not_satisfiable': { status: 416, message: 'The requested byte range is outside the file.' },
  'upload.incomplete': { status: 400, message: 'The upload ended before all of the file arrived. Nothing was saved.' },
  'upload.length_mismatch': { status: 400, message: 'The upload length does not match the declared Content-Length. Nothing was saved.' },
  'tus.not_found': { status: 404, message: 'No such upload.' },
  'tus.version_unsupported': { status: 412, message: 'This server speaks tus 1.0.0: send Tus-Resumable: 1.0.0.' },
  'tus.offset_mismatch': {
    status: 409,
    message: 'Upload-Offset does not match the offset of this upload. Ask for the offset with HEAD and resume from there.',
  },
  'tus.checksum_mismatch': { status: 460, message: 'The request body does not match its Upload-Checksum. Nothing was appended.' },
  'tus.length_exceeded': { status: 413, message: 'The request goes beyond the declared Upload-Length. Nothing was appended.' },
  'tus.expired': { status: 410, message: 'This upload has expired. Start a new one.' },
  'tus.locked': { status: 423, message: 'Another request is writing to this upload. Retry in a moment.' },
  'tus.content_type': { status: 415, message: 'A PATCH body must be sent as application/offset+octet-stream.' },

  'dav.locked': { status: 423, message: 'This item is locked. Send the lock token to change it.' },
  'dav.lock_token_mismatch': { status: 409, message: 'This lock token does not belong to this item.' },
  'dav.precondition_failed': { status: 412, message: 'A condition of the request does not hold.' },
  'dav.depth_infinity': { status: 403, message: 'Depth: infinity is not supported here; ask for depth 0 or 1.' },
  'dav.property_protected': { status: 403, message: 'This property cannot be changed.' },
  'share.not_found': { status: 404, message: 'No such share.' },
  'share.exists': { status: 409, message: 'This item is already shared with this person. Change the existing share instead.' },
  'share.expired': { status: 410, message: 'This share has expired.' },
  'share.permission_exceeded': { status: 403, message: 'You can only share with the rights you have yourself.' },
  'share.recipient_key_changed': {
    status: 409,
    message: "This person's public key is not the one you saw before. Nothing was shared; check with them before sharing again.",
  },
  'share.sharer_key_changed': { status: 409, message: "The sharer's public key is not the one you saw before, so this share was not opened." },
  'share.not_shareable': { status: 400, message: 'This item cannot be shared (the root folder and passphrase-protected files cannot).' },
  'link.not_found': { status: 404, message: 'This link does not exist, was revoked, has expired or reached its download limit.' },
  'link.password_required': { status: 401, message: 'This link is protected by a password.' },
  'request.not_found': { status: 404, message: 'This upload link does not exist, was revoked or has expired.' },
  'link.password_invalid': { status: 401, message: 'The password for this link is wrong.' },
  'delivery.not_found': { status: 404, message: 'No such delivery.' },
  'delivery.code_required': { status: 401, message: 'Enter the code we sent to your email address.' },
  'delivery.code_invalid': { status: 401, message: 'The code is wrong.' },
  'delivery.code_expired': { status: 401, message: 'This code has expired, was used, or was tried too often. Ask for a new one.' },

  'storage.integrity_failed': {
    status: 500,
    message: 'The stored data failed its integrity check and was not served. An administrator should check the storage.',
  },
  'ledger.integrity_failed': {
    status: 500,
    message: 'The integrity log failed its consistency check and was not served. An administrator should run an audit.',
  },
  'ledger.range_invalid': { status: 400, message: 'These log positions are outside the current log.' },
  'ledger.not_found': { status: 404, message: 'The integrity log has no entry for this.' },
  'storage.unavailable': { status: 503, message: 'The storage backend is not available right now. Try again later.' },
  internal: { status: 500, message: 'Something went wrong on the server.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** An error a client may see: stable code, human message, optional structured details. */
export class CofferError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message?: string, details?: Record<string, unknown>) {
    super(message ?? errorCatalogue[code].message);
    this.name = 'CofferError';
    this.code = code;
    this.status = errorCatalogue[code].status;
    this.details = details;
  }
}

/** Thrown when authenticated data does not verify. Never carries the failing bytes. */
export class IntegrityError extends CofferError {
  constructor(what: string) {
    super('storage.integrity_failed', `Integrity check failed: ${what}.`);
    this.name = 'IntegrityError';
  }
}

export function isCofferError(err: unknown): err is CofferError {
  return err instanceof CofferError;
}
