import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { columnTypesFor } from './column-types.js';
import * as initial from './001-initial.js';
import * as uploads from './003-uploads.js';

type Step = { up(db: Kysely<unknown>, t: ReturnType<typeof columnTypesFor>): Promise<void> };

/** Migrations are compiled in (no directory scanning), so the built server carries exactly its schema. */
const steps: Record<string, Step> = {
  '001-initial': initial,
  '003-uploads': uploads,
};

export function migrationProviderFor(dialect: 'sqlite' | 'postgres'): MigrationProvider {
  const types = columnTypesFor(dialect);
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, step] of Object.entries(steps)) out[name] = { up: (db) => step.up(db, types) };
      return out;
    },
  };
}
