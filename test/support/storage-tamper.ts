import { openSync, closeSync, readSync, writeSync, fstatSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { CofferConfig } from '../../src/config/index.js';
import { openDatabase, type Database } from '../../src/db/index.js';

/**
 * Tools for tests that play an attacker (or a failing disk) with write access to the data folder
 * and the database: a database connection of our own, the on-disk path of a storage object, and
 * byte-level edits.
 */
export interface RawDatabase {
  readonly db: Kysely<Database>;
  close(): Promise<void>;
}

/** A connection of the test's own to the server's database (not the server's pool). */
export async function openRawDatabase(config: CofferConfig): Promise<RawDatabase> {
  const opened = await openDatabase(config.database);
  return { db: opened.db, close: () => opened.close() };
}

/** Where the local blob store keeps an object: `<blobDir>/objects/<2 hex>/<key>`. */
export function objectFile(config: CofferConfig, key: string): string {
  return path.join(config.blobDir, 'objects', key.slice(0, 2), key);
}

export interface StoredObjectInfo {
  readonly idx: number;
  readonly key: string;
  readonly size: number;
}

export async function versionObjects(db: Kysely<Database>, versionId: string): Promise<StoredObjectInfo[]> {
  const rows = await db.selectFrom('version_objects').selectAll().where('version_id', '=', versionId).orderBy('idx').execute();
  return rows.map((r) => ({ idx: r.idx, key: r.object_key, size: r.size }));
}

/** Flips one bit of a file in place. */
export function flipBit(file: string, byteOffset: number, bit = 0): void {
  const fd = openSync(file, 'r+');
  try {
    if (byteOffset >= fstatSync(fd).size) throw new RangeError(`offset ${byteOffset} is past the end of ${file}`);
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, byteOffset);
    byte[0] = byte[0]! ^ (1 << bit);
    writeSync(fd, byte, 0, 1, byteOffset);
  } finally {
    closeSync(fd);
  }
}

export interface Transfer {
  readonly status: number;
  readonly headers: Headers;
  /** Every body byte the client received, also when the transfer failed midway. */
  readonly bytes: Buffer;
  /** True only when the body ended normally. */
  readonly completed: boolean;
  readonly error: unknown;
}

/** GETs a URL and reads the body as a stream, keeping what arrived before any failure. */
export async function fetchTransfer(url: string, headers: Record<string, string>): Promise<Transfer> {
  const response = await fetch(url, { headers });
  const pieces: Buffer[] = [];
  let completed = false;
  let error: unknown;
  try {
    if (response.body) {
      for await (const piece of response.body) pieces.push(Buffer.from(piece));
    }
    completed = true;
  } catch (err) {
    error = err;
  }
  return { status: response.status, headers: response.headers, bytes: Buffer.concat(pieces), completed, error };
}
