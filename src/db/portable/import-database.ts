import { sql, type Kysely } from 'kysely';
import { knownMigrations } from '../migrations/index.js';
import { connectDatabase, migrateDatabase, type DatabaseLocation } from '../open-database.js';

import type { DatabaseExport } from './database-export.js';
import { fromPortable } from './portable-values.js';
import { listTableNames, migrationTables } from './schema-introspection.js';

export class DatabaseNotEmptyError extends Error {
  constructor(readonly table: string) {
    super(`The target database is not empty (table ${table} has rows); restore only into an empty database.`);
    this.name = 'DatabaseNotEmptyError';
  }
}

export class UnknownMigrationError extends Error {
  constructor(readonly migration: string) {
    super(`The export was taken at migration ${migration}, which this Coffer version does not know; restore with the version that made it or a newer one.`);
    this.name = 'UnknownMigrationError';
  }
}

/**
 * Rows a first start or a migration writes by itself, which the restore replaces: `meta` (a setup token's verifier,
 * the log's public key) and `ledger_head` (the empty log's size, seeded by its migration).
 */
const replaceableTables = new Set(['meta', 'ledger_head']);

/** Refuses unless no table holds a row (a fresh server's setup token aside). Changes nothing. */
export async function assertDatabaseEmpty(location: DatabaseLocation): Promise<void> {
  const db = (await connectDatabase(location)) as unknown as Kysely<unknown>;
  try {
    await assertEmpty(db, location.dialect);
  } finally {
    await db.destroy();
  }
}

async function assertEmpty(db: Kysely<unknown>, dialect: DatabaseLocation['dialect']): Promise<void> {
  for (const table of await listTableNames(db, dialect)) {
    if (migrationTables.includes(table) || replaceableTables.has(table)) continue;
    const found = await sql<{ one: number }>`select 1 as one from ${sql.table(table)} limit 1`.execute(db);
    if (found.rows.length > 0) throw new DatabaseNotEmptyError(table);
  }
}

/**
 * Loads an export into an empty database: the schema is first brought to the migration the export was taken
 * at, the rows go in one transaction in the export's (dependency) order, then the remaining migrations run.
 */
export async function importDatabase(location: DatabaseLocation, data: DatabaseExport): Promise<void> {
  const known = knownMigrations();
  const unknown = data.migrations.find((m) => !known.includes(m));
  if (unknown) throw new UnknownMigrationError(unknown);
  const db = await connectDatabase(location);
  try {
    await assertEmpty(db as unknown as Kysely<unknown>, location.dialect);
    const last = data.migrations.at(-1);
    const applied = await appliedMigrations(db as unknown as Kysely<unknown>, location.dialect);
    // A target that already ran later migrations (a fresh server started once) keeps its newer empty schema.
    if (last !== undefined && !applied.some((m) => m > last)) await migrateDatabase(db, location.dialect, last);
    await db.transaction().execute(async (trx) => {
      for (const table of replaceableTables) await sql`delete from ${sql.table(table)}`.execute(trx);
      for (const table of data.tables) {
        const rows = table.rows.map((row) => Object.fromEntries(table.columns.map((c, i) => [c, fromPortable(row[i]!)])));
        for (let i = 0; i < rows.length; i += 200)
          await (trx as unknown as Kysely<Record<string, Record<string, unknown>>>)
            .insertInto(table.name)
            .values(rows.slice(i, i + 200))
            .execute();
      }
    });
    await migrateDatabase(db, location.dialect);
  } finally {
    await db.destroy();
  }
}

async function appliedMigrations(db: Kysely<unknown>, dialect: DatabaseLocation['dialect']): Promise<string[]> {
  if (!(await listTableNames(db, dialect)).includes('kysely_migration')) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  return rows.rows.map((r) => r.name);
}
