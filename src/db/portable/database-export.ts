import type { PortableValue } from './portable-values.js';

export const exportFormat = 'coffer-db-export';
export const exportFormatVersion = 1;

export interface ExportedTable {
  readonly name: string;
  readonly columns: readonly string[];
  /** Row values in `columns` order, already in their portable form. */
  readonly rows: readonly (readonly PortableValue[])[];
}

/** A consistent copy of every table, taken in one read transaction; see docs/backup.md "Database export". */
export interface DatabaseExport {
  readonly migrations: readonly string[];
  readonly sourceDialect: 'sqlite' | 'postgres';
  readonly takenAt: number;
  /** In dependency order: inserting tables (and their rows) in this order satisfies every foreign key. */
  readonly tables: readonly ExportedTable[];
}

/** JSON Lines: a header line, then per table a table line followed by its row lines (arrays), then an end line with counts. */
export function encodeExport(data: DatabaseExport): Buffer {
  const lines: string[] = [
    JSON.stringify({
      format: exportFormat,
      version: exportFormatVersion,
      migrations: data.migrations,
      sourceDialect: data.sourceDialect,
      takenAt: data.takenAt,
    }),
  ];
  for (const table of data.tables) {
    lines.push(JSON.stringify({ table: table.name, columns: table.columns }));
    for (const row of table.rows) lines.push(JSON.stringify(row));
  }
  lines.push(JSON.stringify({ end: true, rows: Object.fromEntries(data.tables.map((t) => [t.name, t.rows.length])) }));
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

export class ExportFormatError extends Error {
  constructor(message: string) {
    super(`The database export is not valid: ${message}`);
    this.name = 'ExportFormatError';
  }
}

export function decodeExport(bytes: Uint8Array): DatabaseExport {
  const lines = Buffer.from(bytes).toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  const parse = (line: string, at: number): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      throw new ExportFormatError(`line ${at + 1} is not JSON`);
    }
  };
  const header = parse(lines[0] ?? '', 0) as { format?: unknown; version?: unknown; migrations?: unknown; sourceDialect?: unknown; takenAt?: unknown };
  if (header.format !== exportFormat || header.version !== exportFormatVersion) throw new ExportFormatError('unknown format or version');
  if (!Array.isArray(header.migrations) || !header.migrations.every((m) => typeof m === 'string')) throw new ExportFormatError('no migration list');
  const tables: { name: string; columns: string[]; rows: PortableValue[][] }[] = [];
  let ended: Record<string, number> | undefined;
  for (let i = 1; i < lines.length; i += 1) {
    const item = parse(lines[i]!, i);
    if (ended) throw new ExportFormatError('lines after the end line');
    if (Array.isArray(item)) {
      const current = tables.at(-1);
      if (!current || item.length !== current.columns.length) throw new ExportFormatError(`line ${i + 1} is a row that fits no table`);
      current.rows.push(item as PortableValue[]);
    } else if (item && typeof item === 'object' && 'table' in item) {
      const { table, columns } = item as { table: unknown; columns: unknown };
      if (typeof table !== 'string' || !Array.isArray(columns)) throw new ExportFormatError(`line ${i + 1} is a malformed table line`);
      tables.push({ name: table, columns: columns as string[], rows: [] });
    } else if (item && typeof item === 'object' && 'end' in item) {
      ended = (item as unknown as { rows: Record<string, number> }).rows;
    } else throw new ExportFormatError(`line ${i + 1} is not a row, table or end line`);
  }
  if (!ended) throw new ExportFormatError('it is truncated (no end line)');
  for (const t of tables)
    if (ended[t.name] !== t.rows.length) throw new ExportFormatError(`table ${t.name} has a different number of rows than the end line says`);
  return {
    migrations: header.migrations as string[],
    sourceDialect: header.sourceDialect === 'postgres' ? 'postgres' : 'sqlite',
    takenAt: Number(header.takenAt),
    tables,
  };
}
