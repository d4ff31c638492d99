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

/** The monitor's rows of `attempt_counters`, failed passwords per account; no limiter is named so, none counts or prunes them. */
const accountPrefix = 'monitor-account:';
/** The monitor's rows of `window_claims`: the cross-account alert's one, and `repeated-failures:<user id>` per owner notice. */
const claimPrefix = 'notice:';
const burstClaim = `${claimPrefix}failure-burst`;

/**
 * Simple intrusion detection and security notices: a mail on sign-in from a new device, a mail after repeated failed
 * passwords, and an alert to administrators when failures hit many accounts at once. The failure counts are kept in the
 * database (`attempt_counters`, like the rate limiters) and each notice is claimed there for its window
 * (`window_claims`), so instances on one database add their failures up and send each notice once between them.
 * Notices are best effort: the caller does not wait for them, and a mail failure never blocks a sign-in.
 */
export class SecurityMonitor {
  private lastPrune = 0;

  constructor(
    private readonly store: Store,
    private readonly mailer: Mailer,
    private readonly events: SecurityEvents,
    private readonly clock: Clock,
    private readonly policy: MonitorPolicy,
  ) {}

  /** After a failed password step; `email` is normalized as the account limiter's key is, known account or not. */
  async passwordFailed(email: string, user: UserRow | undefined): Promise<void> {
    const now = this.clock.now();
    const { windowMs } = this.policy;
    const { attemptCounters, windowClaims } = this.store.repos;
    const account = await attemptCounters.addFailure(`${accountPrefix}${email}`, now, windowMs);
    await this.pruneNowAndThen(now);
    if (
      user &&
      account.failures >= this.policy.accountNoticeAfter &&
      // Once per window of this account's failures: a claim for an earlier window is replaced.
      (await windowClaims.claim(`${claimPrefix}repeated-failures:${user.id}`, account.firstFailureAt, account.firstFailureAt))
    ) {
      await this.events.record('sign_in.repeated_failures', user.id, { failures: account.failures });
      await this.send(user.email, 'Failed sign-in attempts on your Coffer account', [
        `There were ${account.failures} failed attempts to sign in to your Coffer account recently.`,
        'If this was not you, someone may be guessing your password. Your account is protected by growing delays;',
        'use a long unique password and turn on a second factor.',
      ]);
    }
    const burst = await attemptCounters.windowTotals(accountPrefix, now, windowMs);
    // At most one alert per window: a claim made less than a window ago stands.
    if (burst.keys >= this.policy.burstAccounts && (await windowClaims.claim(burstClaim, now, now - windowMs))) {
      await this.events.record('alert.failure_burst', null, { accounts: burst.keys, failures: burst.failures, windowMinutes: windowMs / 60_000 });
      const admins = (await this.store.repos.users.list()).filter((u) => u.role === 'admin' && u.status === 'active');
      for (const admin of admins) {
        await this.send(admin.email, 'Coffer alert: failed sign-ins across many accounts', [
          `${burst.failures} failed sign-ins hit ${burst.keys} accounts in the last ${windowMs / 60_000} minutes.`,
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

  /** Rows past their window go now and then (like the limiters'), so the tables stay as small as the current attack. */
  private async pruneNowAndThen(now: number): Promise<void> {
    if (now - this.lastPrune <= this.policy.windowMs) return;
    this.lastPrune = now;
    await this.store.repos.attemptCounters.deleteStale(accountPrefix, now, this.policy.windowMs);
    await this.store.repos.windowClaims.deleteStale(claimPrefix, now - this.policy.windowMs);
  }

  private async send(to: string, subject: string, lines: string[]): Promise<void> {
    try {
      await this.mailer.send({ to, subject, text: lines.join('\n') });
    } catch {
      // Best effort: the event list still shows what happened.
    }
  }
}
