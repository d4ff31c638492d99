import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBackups } from '../../src/app/index.js';
import { claimScheduledRun } from '../../src/app/scheduled-run-claim.js';
import { makeAgeKey } from '../support/backup-helpers.js';
import { testDialects } from '../support/dialects.js';
import { startSecondInstance, startTestServer, type SecondInstance, type TestServer } from '../support/test-server.js';

const hour = 3_600_000;

describe.each(testDialects())('claiming a scheduled run on %s', (dialect) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(dialect);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('gives each interval to one claimant, and the next interval to whoever asks first once 90% of it has passed', async () => {
    const store = server.running.services.store;
    const start = 10 * hour;
    const racing = await Promise.all(Array.from({ length: 8 }, () => claimScheduledRun(store, 'scrub', hour, start)));
    expect(racing.filter(Boolean)).toHaveLength(1);
    expect(await claimScheduledRun(store, 'scrub', hour, start + hour / 2)).toBe(false);
    expect(await claimScheduledRun(store, 'scrub', hour, start + 0.85 * hour)).toBe(false);
    // A timer that fires a little early still gets the next interval's run.
    expect(await claimScheduledRun(store, 'scrub', hour, start + 0.95 * hour)).toBe(true);
    expect(await claimScheduledRun(store, 'scrub', hour, start + hour)).toBe(false);
    // Jobs are claimed apart.
    expect(await claimScheduledRun(store, 'gc', hour, start + hour)).toBe(true);
  });
});

/**
 * Two instances on one PostgreSQL database, both told to back up every second to the same target. Without the claim
 * each would back up on its own timer, about two snapshots a second; with it, one a second between them.
 */
describe.each(testDialects().filter((d) => d === 'postgres'))('scheduled backups across instances on %s', () => {
  let work: string;
  let first: TestServer;
  let second: SecondInstance;
  let target: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'coffer-scheduled-runs-'));
    target = path.join(work, 'backups');
    const env = { COFFER_BACKUP_RECIPIENT: makeAgeKey(work).recipient, COFFER_BACKUP_TARGET: target, COFFER_BACKUP_INTERVAL: '1s' };
    first = await startTestServer('postgres', env);
    second = await startSecondInstance(first, env);
  }, 60_000);
  afterAll(async () => {
    await second?.close();
    await first?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('back up once per interval between them, not once each', async () => {
    // Each run prunes to the newest snapshot (one a day is kept), so snapshots are counted as they appear.
    const seen = new Set<string>();
    const started = Date.now();
    while (Date.now() - started < 6_000) {
      for (const snapshot of await listBackups(target).catch(() => [])) seen.add(snapshot.id);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Six seconds: at most about six runs between the two instances (seven with timer jitter); twelve without the claim.
    expect(seen.size).toBeGreaterThanOrEqual(3);
    expect(seen.size).toBeLessThanOrEqual(7);
  }, 30_000);
});
