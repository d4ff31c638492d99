import { sql, type Kysely } from 'kysely';

/** Kysely's own bookkeeping: recorded in an export as the migration list, never copied as rows. */
export const migrationTables = ['kysely_migration', 'kysely_migration_lock'];

export interface TableShape {
  readonly name: string;
  readonly columns: readonly string[];
  /** Columns of this table that reference another row of the same table (e.g. a folder's parent). */
  readonly selfReferences: readonly { readonly column: string; readonly target: string }[];
}

interface ForeignKey {
  readonly table: string;
  readonly column: string;
  readonly refTable: string;
  readonly refColumn: string;
}

type Dialect = 'sqlite' | 'postgres';

/**
 * Every table of the schema, read from the database itself rather than from a list in code, ordered so
 * that a table comes after the tables it references: rows inserted in this order satisfy every foreign key.
 * Tables added by later migrations are therefore exported and restored without touching this file.
 */
export async function describeTables(db: Kysely<unknown>, dialect: Dialect): Promise<TableShape[]> {
  const names = (await listTableNames(db, dialect)).filter((name) => !migrationTables.includes(name));
  const keys = await listForeignKeys(db, dialect, names);
  const shapes = await Promise.all(
    names.map(async (name) => ({
      name,
      columns: await listColumns(db, dialect, name),
      selfReferences: keys.filter((k) => k.table === name && k.refTable === name).map((k) => ({ column: k.column, target: k.refColumn })),
    })),
  );
  return orderByDependency(shapes, keys);
}

export async function listTableNames(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
      : await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function listColumns(db: Kysely<unknown>, dialect: Dialect, table: string): Promise<string[]> {
  const rows =
    dialect === 'sqlite'
      ? await sql<{ name: string }>`select name from pragma_table_info(${table}) order by cid`.execute(db)
      : await sql<{ name: string }>`select column_name as name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table} order by ordinal_position`.execute(db);
  return rows.rows.map((r) => r.name);
}

async function listForeignKeys(db: Kysely<unknown>, dialect: Dialect, tables: readonly string[]): Promise<ForeignKey[]> {
  if (dialect === 'sqlite') {
    const out: ForeignKey[] = [];
    for (const table of tables) {
      const rows = await sql<{ table: string; from: string; to: string }>`select "table", "from", "to" from pragma_foreign_key_list(${table})`.execute(db);
      for (const r of rows.rows) out.push({ table, column: r.from, refTable: r.table, refColumn: r.to });
    }
    return out;
  }
  const rows = await sql<ForeignKey>`select kcu.table_name as "table", kcu.column_name as "column",
      ccu.table_name as "refTable", ccu.column_name as "refColumn"
    from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema
    join information_schema.constraint_column_usage ccu on ccu.constraint_name = tc.constraint_name and ccu.table_schema = tc.table_schema
    where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = current_schema()`.execute(db);
  return rows.rows;
}

function orderByDependency(shapes: TableShape[], keys: readonly ForeignKey[]): TableShape[] {
  const ordered: TableShape[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const byName = new Map(shapes.map((s) => [s.name, s]));
  const visit = (shape: TableShape): void => {
    if (placed.has(shape.name) || visiting.has(shape.name)) return;
    visiting.add(shape.name);
    for (const key of keys) {
      const target = key.table === shape.name && key.refTable !== shape.name ? byName.get(key.refTable) : undefined;
      if (target) visit(target);
    }
    visiting.delete(shape.name);
    placed.add(shape.name);
    ordered.push(shape);
  };
  for (const shape of shapes) visit(shape);
  return ordered;
}
