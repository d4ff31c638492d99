import { randomBytes } from 'node:crypto';

/**
 * A snapshot id is its UTC start time to the millisecond plus a random tag: `20261121T150500123Z-3f9a1c`. Sorting ids sorts by
 * time, and retention reads the time from the id without decrypting anything.
 */
const idPattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z-([0-9a-f]{6})$/;

export function newSnapshotId(now: number): string {
  const iso = new Date(now).toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}Z`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function isSnapshotId(value: string): boolean {
  return idPattern.test(value);
}

export function snapshotTime(id: string): number {
  const m = idPattern.exec(id);
  if (!m) throw new TypeError('not a snapshot id');
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
}

/** The files of a snapshot, written in this order; the manifest last, so its presence means "complete". */
export const snapshotFiles = {
  objects: (id: string) => `${id}.objects`,
  database: (id: string) => `${id}.db.age`,
  keys: (id: string) => `${id}.keys.age`,
  manifest: (id: string) => `${id}.manifest.age`,
};

/** The snapshot id a file belongs to, or undefined for foreign files. Staged `.part` files map to their snapshot too. */
export function snapshotOfFile(name: string): string | undefined {
  const id = name.split('.')[0] ?? '';
  return isSnapshotId(id) ? id : undefined;
}
