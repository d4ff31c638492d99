import { CofferError, type Role } from '../../domain/index.js';
import type { Store, UserRow } from '../../db/index.js';
import { appendEvent } from '../ledger/index.js';
import type { AccountsService } from './accounts.service.js';
import type { SecurityEvents } from './security-events.js';

export interface UserChanges {
  readonly status?: 'active' | 'disabled' | undefined;
  readonly role?: Role | undefined;
  readonly quotaBytes?: number | undefined;
}

/** Administration of accounts. Callers have already been authorized as administrators. */
export class UsersService {
  constructor(
    private readonly store: Store,
    private readonly accounts: AccountsService,
    private readonly defaultQuotaBytes: number,
    private readonly events?: SecurityEvents,
  ) {}

  list(): Promise<UserRow[]> {
    return this.store.repos.users.list();
  }

  async get(userId: string): Promise<UserRow> {
    const user = await this.store.repos.users.findById(userId);
    if (!user) throw new CofferError('user.not_found');
    return user;
  }

  async create(email: string, password: string, role: Role, quotaBytes?: number, createdBy?: string): Promise<{ user: UserRow; recoveryKey: string }> {
    const created = await this.accounts.create({ email, password, role, quotaBytes: quotaBytes ?? this.defaultQuotaBytes, createdBy });
    await this.events?.record('user.created', created.user.id, { role });
    return created;
  }

  async update(actorId: string, userId: string, changes: UserChanges): Promise<UserRow> {
    const user = await this.get(userId);
    if (userId === actorId && (changes.status === 'disabled' || (changes.role && changes.role !== 'admin'))) {
      throw new CofferError('auth.forbidden', 'You cannot disable or demote your own account.');
    }
    await this.store.transaction(async (repos) => {
      await repos.users.update(userId, {
        ...(changes.status ? { status: changes.status } : {}),
        ...(changes.role ? { role: changes.role } : {}),
        ...(changes.quotaBytes !== undefined ? { quota_bytes: changes.quotaBytes } : {}),
        updated_at: Date.now(),
      });
      // Disabling revokes at once: deleting the sessions destroys their wraps of the master key, so a
      // stolen token is worthless even if the account is enabled again. A new sign-in is told why it fails.
      if (changes.status === 'disabled') await repos.sessions.deleteAllForUser(userId);
      await appendEvent(repos, {
        type: 'account.updated',
        actorId,
        attributes: { userId, role: changes.role ?? user.role, detail: changes.status ?? user.status },
      });
    });
    const detail: Record<string, string | number> = {};
    if (changes.status) detail.status = changes.status;
    if (changes.role) detail.role = changes.role;
    if (changes.quotaBytes !== undefined) detail.quotaBytes = changes.quotaBytes;
    await this.events?.record('user.updated', userId, detail);
    return { ...user, ...(await this.get(userId)) };
  }
}
