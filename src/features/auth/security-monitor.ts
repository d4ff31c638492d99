import { sha256 } from '../../crypto/index.js';
import type { Store, UserRow } from '../../db/index.js';
import type { Mailer } from '../mail/index.js';
import type { Clock } from './clock.js';
import type { SecurityEvents } from './security-events.js';

export interface MonitorPolicy {
  /** Failed password steps on one account before its owner gets a notice (once per window). */
  readonly accountNoticeAfter: number;
  /** Distinct accounts with failures inside the window that count as a burst. */
  readonly burstAccounts: number;
  readonly windowMs: number;
}

/**
 * Simple intrusion detection and security notices: a mail on sign-in from a new device, a mail after repeated failed
 * passwords, and an alert to administrators when failures hit many accounts at once. Counts are in memory (per
 * process), like the rate limiters. Notices are best effort: a mail failure never blocks a sign-in.
 */
export class SecurityMonitor {
  private failuresByAccount = new Map<string, { count: number; since: number; noticed: boolean }>();
  private lastBurstAlert = -Infinity;

  constructor(
    private readonly store: Store,
    private readonly mailer: Mailer,
    private readonly events: SecurityEvents,
    private readonly clock: Clock,
    private readonly policy: MonitorPolicy,
  ) {}

  async passwordFailed(email: string, user: UserRow | undefined): Promise<void> {
    const now = this.clock.now();
    for (const [key, entry] of this.failuresByAccount) if (now - entry.since > this.policy.windowMs) this.failuresByAccount.delete(key);
    const entry = this.failuresByAccount.get(email) ?? { count: 0, since: now, noticed: false };
    entry.count += 1;
    this.failuresByAccount.set(email, entry);
    if (user && entry.count >= this.policy.accountNoticeAfter && !entry.noticed) {
      entry.noticed = true;
      await this.events.record('sign_in.repeated_failures', user.id, { failures: entry.count });
      await this.send(user.email, 'Failed sign-in attempts on your Coffer account', [
        `There were ${entry.count} failed attempts to sign in to your Coffer account recently.`,
        'If this was not you, someone may be guessing your password. Your account is protected by growing delays;',
        'use a long unique password and turn on a second factor.',
      ]);
    }
    if (this.failuresByAccount.size >= this.policy.burstAccounts && now - this.lastBurstAlert > this.policy.windowMs) {
      this.lastBurstAlert = now;
      const failures = [...this.failuresByAccount.values()].reduce((sum, e) => sum + e.count, 0);
      await this.events.record('alert.failure_burst', null, { accounts: this.failuresByAccount.size, failures, windowMinutes: this.policy.windowMs / 60_000 });
      const admins = (await this.store.repos.users.list()).filter((u) => u.role === 'admin' && u.status === 'active');
      for (const admin of admins) {
        await this.send(admin.email, 'Coffer alert: failed sign-ins across many accounts', [
          `${failures} failed sign-ins hit ${this.failuresByAccount.size} accounts in the last ${this.policy.windowMs / 60_000} minutes.`,
          'This looks like password guessing. See the events in the admin console.',
        ]);
      }
    }
  }

  /** After a session opened: a notice when this device (client label and address) was not seen before. */
  async signedIn(user: UserRow, label: string, clientAddress: string): Promise<void> {
    const deviceHash = sha256(Buffer.from(`coffer/v1/device\0${label}\0${clientAddress}`, 'utf8'));
    const hadDevices = await this.store.repos.security.hasDevices(user.id);
    const isNew = await this.store.repos.security.rememberDevice(user.id, deviceHash, this.clock.now());
    if (!isNew || !hadDevices) return;
    await this.events.record('sign_in.new_device', user.id);
    await this.send(user.email, 'New sign-in to your Coffer account', [
      `Your Coffer account was just signed in from a new device: ${label.replace(/[\r\n]/g, ' ')} (address ${clientAddress}).`,
      'If this was you, nothing to do. If not, change your password and end the other sessions in your settings.',
    ]);
  }

  private async send(to: string, subject: string, lines: string[]): Promise<void> {
    try {
      await this.mailer.send({ to, subject, text: lines.join('\n') });
    } catch {
      // Best effort: the event list still shows what happened.
    }
  }
}
