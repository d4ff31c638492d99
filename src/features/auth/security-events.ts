import { newId } from '../../domain/index.js';
import type { AdminEventRow, Store } from '../../db/index.js';

/**
 * The security events administrators see. Entries carry a kind, at most a user id and counts: never an email of
 * someone else, a file name or content. An interface so the append-only ledger can back it later.
 */
export interface SecurityEvents {
  record(kind: SecurityEventKind, userId: string | null, detail?: Readonly<Record<string, number | string>>): Promise<void>;
  list(limit: number, kind?: string): Promise<AdminEventRow[]>;
}

export type SecurityEventKind =
  | 'alert.failure_burst'
  | 'sign_in.new_device'
  | 'sign_in.repeated_failures'
  | 'user.created'
  | 'user.invited'
  | 'user.deleted'
  | 'user.updated'
  | 'user.factors_reset'
  | 'user.password_reset_by_admin';

export class TableSecurityEvents implements SecurityEvents {
  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async record(kind: SecurityEventKind, userId: string | null, detail: Readonly<Record<string, number | string>> = {}): Promise<void> {
    await this.store.repos.security.addEvent({ id: newId(), kind, user_id: userId, detail: JSON.stringify(detail), created_at: this.now() });
  }

  list(limit: number, kind?: string): Promise<AdminEventRow[]> {
    return this.store.repos.security.listEvents(limit, kind);
  }
}
