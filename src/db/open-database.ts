import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { migrationProviderFor } from './migrations/index.js';
import type { Database } from './schema.js';

export type DatabaseLocation = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export interface OpenDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: DatabaseLocation['dialect'];
  close(): Promise<void>;
}

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(location: DatabaseLocation): Promise<OpenDatabase> {
  const db = await connectDatabase(location);
  try {
    await migrateDatabase(db, location.dialect);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, dialect: location.dialect, close: () => db.destroy() };
}

/** A connection of its own, without touching the schema: backups read a snapshot over it, restores check emptiness first. */
export async function connectDatabase(location: DatabaseLocation): Promise<Kysely<Database>> {
  return location.dialect === 'sqlite' ? openSqlite(location.file) : await openPostgres(location.url);
}

function openSqlite(file: string): Kysely<Database> {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL makes every acknowledged commit durable across power loss, which the product promises.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

const int8Oid = 20;

/** `pg` is loaded only when PostgreSQL is configured: an embedded SQLite server never pays for it. */
async function openPostgres(url: string): Promise<Kysely<Database>> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // BIGINT columns hold byte counts and millisecond times, all far below 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === int8Oid ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // The server may close idle connections (a restart, an administrator's command). pg reports that as an
  // 'error' event on the pool, which would crash the process if nobody listened; the pool drops that client
  // and the next query opens a new connection.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Brings the schema to the latest migration, or to `upTo` (a restore first recreates the schema its export was taken from). */
export async function migrateDatabase(db: Kysely<Database>, dialect: DatabaseLocation['dialect'], upTo?: string): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProviderFor(dialect) });
  const { error, results } = upTo === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(upTo);
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? '');
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
}
