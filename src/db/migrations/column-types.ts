import { sql, type RawBuilder } from 'kysely';

export interface ColumnTypes {
  readonly binary: RawBuilder<unknown>;
  readonly bigint: 'bigint';
}

/** The only per-dialect difference in our DDL: the name of the binary column type. */
export function columnTypesFor(dialect: 'sqlite' | 'postgres'): ColumnTypes {
  return { binary: dialect === 'postgres' ? sql`bytea` : sql`blob`, bigint: 'bigint' };
}
