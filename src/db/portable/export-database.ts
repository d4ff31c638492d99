import { existsSync } from 'node:fs';
import { sql, type Kysely, type Transaction } from 'kysely';
import { connectDatabase, type DatabaseLocation } from '../open-database.js';
import type { DatabaseExport, ExportedTable } from './database-export.js';
import { toPortable, type PortableValue } from './portable-values.js';
import { describeTables, type TableShape } from './schema-introspection.js';

/**
 * Reads every table in ONE read transaction over a connection of its own, so the copy is consistent while
 * the server keeps writing: SQLite in WAL mode gives a deferred transaction a stable snapshot from its first
 * read; PostgreSQL gets REPEATABLE READ READ ONLY. Nothing is written.
 */
export async function exportDatabase(location: DatabaseLocation): Promise<DatabaseExport> {
  // Opening a missing SQLite file would create an empty one: a mistyped data folder must fail, not back up nothing.
  if (location.dialect === 'sqlite' && !existsSync(location.file))
    throw new Error(`There is no database at ${location.file}; check COFFER_DATA_DIR and COFFER_DATABASE_URL.`);
  const db = (await connectDatabase(location)) as unknown as Kysely<unknown>;
  try {
    const run = (trx: Transaction<unknown>) => readEverything(trx, location.dialect);
    if (location.dialect === 'postgres') return await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(run);
    return await db.transaction().execute(run);
  } finally {
    await db.destroy();
  }
}

async function readEverything(trx: Transaction<unknown>, dialect: DatabaseLocation['dialect']): Promise<DatabaseExport> {
  const takenAt = Date.now();
  const migrationRows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(trx);
  const shapes = await describeTables(trx, dialect);
  const tables: ExportedTable[] = [];
  for (const shape of shapes) tables.push(await readTable(trx, shape));
  return { migrations: migrationRows.rows.map((r) => r.name), sourceDialect: dialect, takenAt, tables };
}

async function readTable(trx: Transaction<unknown>, shape: TableShape): Promise<ExportedTable> {
  const result = await sql<Record<string, unknown>>`select * from ${sql.table(shape.name)}`.execute(trx);
  const rows = parentsFirst(result.rows, shape).map((row): PortableValue[] => shape.columns.map((column) => toPortable(row[column])));
  return { name: shape.name, columns: shape.columns, rows };
}

/** A row that another row of the same table references (a folder and its children) must be inserted first. */
function parentsFirst(rows: Record<string, unknown>[], shape: TableShape): Record<string, unknown>[] {
  if (shape.selfReferences.length === 0) return rows;
  const emitted = new Set<string>();
  const out: Record<string, unknown>[] = [];
  const keyOf = (row: Record<string, unknown>, column: string): string => String(row[column]);
  const byTarget = new Map<string, Map<string, Record<string, unknown>>>();
  for (const ref of shape.selfReferences) byTarget.set(ref.target, new Map(rows.map((r) => [keyOf(r, ref.target), r])));
  const visit = (row: Record<string, unknown>, depth: number): void => {
    if (emitted.has(rowIdentity(row, shape))) return;
    if (depth > rows.length) throw new Error(`table ${shape.name} holds a reference cycle`);
    for (const ref of shape.selfReferences) {
      const pointer = row[ref.column];
      const parent = pointer === null || pointer === undefined ? undefined : byTarget.get(ref.target)?.get(String(pointer));
      if (parent && parent !== row) visit(parent, depth + 1);
    }
    emitted.add(rowIdentity(row, shape));
    out.push(row);
  };
  for (const row of rows) visit(row, 0);
  return out;
}

function rowIdentity(row: Record<string, unknown>, shape: TableShape): string {
  return JSON.stringify(shape.columns.map((c) => toPortable(row[c])));
}
