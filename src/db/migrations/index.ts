import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { columnTypesFor } from './column-types.js';
import * as initial from './001-initial.js';
import * as ledger from './002-ledger.js';
import * as factors from './006-factors.js';
import * as scrubReports from './005-scrub-reports.js';
import * as dav from './004-dav.js';
import * as sharing from './008-sharing.js';
import * as uploads from './003-uploads.js';
import * as delivery from './009-delivery.js';
import * as passkeySignIn from './010-passkey-signin.js';
import * as windowClaims from './011-window-claims.js';

type Step = { up(db: Kysely<unknown>, t: ReturnType<typeof columnTypesFor>): Promise<void> };

/** Migrations are compiled in (no directory scanning), so the built server carries exactly its schema. */
const steps: Record<string, Step> = {
  '001-initial': initial,
  '002-ledger': ledger,
  '006-factors': factors,
  '005-scrub-reports': scrubReports,
  '004-dav': dav,
  '008-sharing': sharing,
  '003-uploads': uploads,
  '009-delivery': delivery,
  '010-passkey-signin': passkeySignIn,
  '011-window-claims': windowClaims,
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

/** The names of every migration this build carries, in order (a backup records which of them its export was taken at). */
export function knownMigrations(): string[] {
  return Object.keys(steps).sort();
}
