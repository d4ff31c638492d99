/** Quotas are typed in gigabytes (decimal, like formatBytes) and stored in bytes; 0 means unlimited. */
export function gigabytesToBytes(text: string): number | undefined {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) return undefined;
  return Math.round(value * 1e9);
}

export function bytesToGigabytes(bytes: number): string {
  return String(bytes / 1e9);
}
