import { UsageError } from '../cli-error.js';

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--expires`: a duration like 30m, 12h or 7d from now, or an ISO 8601 time. Undefined stays undefined. */
export function parseExpiry(value: string | undefined, now = Date.now()): string | undefined {
  if (value === undefined) return undefined;
  const duration = /^(\d+)([mhd])$/.exec(value.trim());
  if (duration) return new Date(now + Number(duration[1]) * units[duration[2]!]!).toISOString();
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new UsageError(`--expires must be a duration (30m, 12h, 7d) or an ISO 8601 time, not "${value}".`);
  return new Date(time).toISOString();
}

export function orDash(value: string | null | undefined): string {
  return value ?? '-';
}
