import { CofferError, newId, type Role } from '../../domain/index.js';
import { decodeRecoveryKey, derivePasswordSecrets, passwordVerifier, secretKek, unwrapKey, verifiersEqual } from '../../crypto/index.js';
import type { NewNode, Store, UserRow } from '../../db/index.js';
import { parseKdf, wrapContexts } from '../keyring/index.js';
import { appendEvent } from '../ledger/index.js';
import { createAccountKeys, protectWithPassword, recoveryKekLabel } from './account-keys.js';
import { refuseWhileBlocked, type AttemptCounter } from './attempt-counter.js';

export const minPasswordLength = 10;

export interface NewAccount {
  readonly email: string;
  readonly password: string;
  readonly role: Role;
  readonly quotaBytes: number;
  /** The administrator who creates the account; absent when people create their own (setup, registration). */
  readonly createdBy?: string | undefined;
}

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  // Deliberately loose: one @, something on each side, a dot in the domain, no spaces.
  if (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new CofferError('user.email_invalid');
  return email;
}

export function checkPasswordStrength(password: string): void {
  if ([...password].length < minPasswordLength) throw new CofferError('auth.password_too_weak');
}

/** Accounts: creation with fresh keys, password changes and recovery-key resets. */
export class AccountsService {
  constructor(
    private readonly store: Store,
    /** Limits guesses of recovery keys and of the current password on password change. */
    private readonly guessLimiter: AttemptCounter,
    /** New accounts get the email code as second factor (when mail really leaves the machine). */
    private readonly emailCodeByDefault = false,
  ) {}

  async create(account: NewAccount): Promise<{ user: UserRow; recoveryKey: string }> {
    const email = normalizeEmail(account.email);
    checkPasswordStrength(account.password);
    if (await this.store.repos.users.findByEmail(email)) throw new CofferError('user.email_taken');
    const userId = newId();
    const rootFolderId = newId();
    const keys = await createAccountKeys(userId, rootFolderId, account.password);
    const now = Date.now();
    const user: UserRow = {
      id: userId,
      email,
      role: account.role,
      status: 'active',
      quota_bytes: account.quotaBytes,
      used_bytes: 0,
      ...keyColumns(keys, rootFolderId),
      created_at: now,
      updated_at: now,
    };
    await this.store.transaction(async (repos) => {
      if (await repos.users.findByEmail(email)) throw new CofferError('user.email_taken');
      await repos.users.insert(user);
      await repos.nodes.insert(rootFolderRow(userId, rootFolderId, keys.rootFolderKeyWrapped, now));
      if (this.emailCodeByDefault) {
        await repos.factors.insert({ id: newId(), user_id: userId, kind: 'email', secret_sealed: null, confirmed_at: now, last_step: null, created_at: now });
      }
      const actorId = account.createdBy ?? userId;
      await appendEvent(repos, { type: 'account.created', actorId, attributes: { userId, role: account.role } });
      await appendEvent(repos, {
        type: 'account.keys_published',
        actorId,
        attributes: { userId, x25519Public: keys.x25519Public, ed25519Public: keys.ed25519Public },
      });
    });
    return { user, recoveryKey: keys.recoveryKey };
  }

  /**
   * An administrator's reset without the recovery key: nobody can open the old master key, so the account gets new
   * keys and a new empty drive. The old file tree is deleted (it could never be read again); the collector frees its
   * storage. Every session ends. Returns the new recovery key for the person.
   */
  async resetWithoutRecoveryKey(userId: string, newPassword: string): Promise<string> {
    checkPasswordStrength(newPassword);
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw new CofferError('user.not_found');
    const rootFolderId = newId();
    const keys = await createAccountKeys(userId, rootFolderId, newPassword);
    const now = Date.now();
    await this.store.transaction(async (repos) => {
      await repos.sessions.deleteAllForUser(userId);
      // New master key: the passkeys' wraps hold the old one and must not open a session.
      await repos.passkeys.clearPasswordlessForUser(userId);
      await repos.nodes.deleteAllOf(userId);
      await repos.nodes.insert(rootFolderRow(userId, rootFolderId, keys.rootFolderKeyWrapped, now));
      await repos.users.update(userId, {
        ...keyColumns(keys, rootFolderId),
        used_bytes: 0,
        updated_at: now,
      });
      // An admin reset replaces the account's key pairs: publish the new ones, or pinned keys would look swapped.
      await appendEvent(repos, {
        type: 'account.keys_published',
        actorId: userId,
        attributes: { userId, x25519Public: keys.x25519Public, ed25519Public: keys.ed25519Public },
      });
    });
    return keys.recoveryKey;
  }

  /** Re-wraps the master key under the new password; files and other sessions are untouched. */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    checkPasswordStrength(newPassword);
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw new CofferError('auth.session_invalid');
    // A stolen session must not become a fast oracle for the account's password.
    const limiterKey = `password-change:${userId}`;
    await refuseWhileBlocked(this.guessLimiter, limiterKey);
    const { authKey, kek } = await derivePasswordSecrets(currentPassword, parseKdf(user.password_kdf));
    if (!verifiersEqual(passwordVerifier(authKey), user.password_verifier)) {
      await this.guessLimiter.fail(limiterKey);
      throw new CofferError('auth.invalid_credentials', 'The current password is wrong.');
    }
    await this.guessLimiter.succeed(limiterKey);
    const masterKey = unwrapKey(kek, user.master_key_by_password, wrapContexts.masterByPassword(userId));
    const record = await protectWithPassword(userId, newPassword, masterKey);
    await this.store.repos.users.update(userId, {
      password_kdf: record.kdf,
      password_verifier: record.verifier,
      master_key_by_password: record.masterKeyWrapped,
      updated_at: Date.now(),
    });
  }

  /** A forgotten password: the recovery key opens the master key, so every file stays readable. */
  async resetWithRecoveryKey(rawEmail: string, recoveryKeyText: string, newPassword: string): Promise<void> {
    checkPasswordStrength(newPassword);
    const email = rawEmail.trim().toLowerCase();
    const limiterKey = `recover:${email}`;
    await refuseWhileBlocked(this.guessLimiter, limiterKey);
    const user = await this.store.repos.users.findByEmail(email);
    let masterKey: Buffer | undefined;
    try {
      if (user) {
        const recoveryKey = decodeRecoveryKey(recoveryKeyText);
        masterKey = unwrapKey(secretKek(recoveryKey, recoveryKekLabel), user.master_key_by_recovery, wrapContexts.masterByRecovery(user.id));
      }
    } catch {
      masterKey = undefined;
    }
    if (!user || !masterKey) {
      await this.guessLimiter.fail(limiterKey);
      throw new CofferError('auth.recovery_key_invalid');
    }
    await this.guessLimiter.succeed(limiterKey);
    const record = await protectWithPassword(user.id, newPassword, masterKey);
    await this.store.transaction(async (repos) => {
      await repos.users.update(user.id, {
        password_kdf: record.kdf,
        password_verifier: record.verifier,
        master_key_by_password: record.masterKeyWrapped,
        updated_at: Date.now(),
      });
      // Whoever knew the old password may hold sessions: end them all.
      await repos.sessions.deleteAllForUser(user.id);
    });
  }
}

function rootFolderRow(userId: string, id: string, keyWrapped: Buffer, now: number): NewNode {
  return {
    id,
    owner_id: userId,
    parent_id: null,
    kind: 'folder',
    name_sealed: null,
    name_hash: null,
    key_wrapped: keyWrapped,
    key_protection: 'account',
    passphrase_kdf: null,
    current_version_id: null,
    size: 0,
    created_at: now,
    updated_at: now,
  };
}

/** The user columns a fresh set of account keys fills: at creation, and when an admin reset replaces them. */
function keyColumns(keys: Awaited<ReturnType<typeof createAccountKeys>>, rootFolderId: string) {
  return {
    password_kdf: keys.password.kdf,
    password_verifier: keys.password.verifier,
    master_key_by_password: keys.password.masterKeyWrapped,
    master_key_by_recovery: keys.masterKeyByRecovery,
    root_folder_id: rootFolderId,
    x25519_public: keys.x25519Public,
    x25519_private_wrapped: keys.x25519PrivateWrapped,
    ed25519_public: keys.ed25519Public,
    ed25519_private_wrapped: keys.ed25519PrivateWrapped,
  };
}
