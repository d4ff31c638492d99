import { describe, expect, it } from 'vitest';
import { snapshotsToKeep } from './retention.js';

const at = (iso: string) => ({ id: iso, takenAt: Date.parse(iso) });

describe('snapshotsToKeep', () => {
  const snapshots = [
    at('2026-01-31T10:00:00Z'),
    at('2026-02-27T10:00:00Z'),
    at('2026-03-02T09:00:00Z'), // Monday
    at('2026-03-08T09:00:00Z'), // Sunday of the same week
    at('2026-03-09T09:00:00Z'),
    at('2026-03-10T08:00:00Z'),
    at('2026-03-10T20:00:00Z'),
  ];

  it('keeps the newest of each of the last N days, weeks and months, and always the newest', () => {
    expect([...snapshotsToKeep(snapshots, { keepDaily: 2, keepWeekly: 0, keepMonthly: 0 })].sort()).toEqual(['2026-03-09T09:00:00Z', '2026-03-10T20:00:00Z']);
    expect([...snapshotsToKeep(snapshots, { keepDaily: 0, keepWeekly: 2, keepMonthly: 0 })].sort()).toEqual(['2026-03-08T09:00:00Z', '2026-03-10T20:00:00Z']);
    expect([...snapshotsToKeep(snapshots, { keepDaily: 0, keepWeekly: 0, keepMonthly: 3 })].sort()).toEqual([
      '2026-01-31T10:00:00Z',
      '2026-02-27T10:00:00Z',
      '2026-03-10T20:00:00Z',
    ]);
    expect([...snapshotsToKeep(snapshots, { keepDaily: 0, keepWeekly: 0, keepMonthly: 0 })]).toEqual(['2026-03-10T20:00:00Z']);
    expect(snapshotsToKeep([], { keepDaily: 3, keepWeekly: 3, keepMonthly: 3 }).size).toBe(0);
  });
});
