import type { Kysely } from 'kysely';
import { MetaRepository } from './repositories/meta.repository.js';
import { NodesRepository } from './repositories/nodes.repository.js';
import { SessionsRepository } from './repositories/sessions.repository.js';
import { UploadsRepository } from './repositories/uploads.repository.js';
import { UsersRepository } from './repositories/users.repository.js';
import { VersionsRepository } from './repositories/versions.repository.js';
import type { Database } from './schema.js';

export * from './schema.js';
export { openDatabase, type DatabaseLocation, type OpenDatabase } from './open-database.js';
export type { StoredObjectRef } from './repositories/versions.repository.js';
export type { UploadProgress } from './repositories/uploads.repository.js';

export interface Repositories {
  readonly users: UsersRepository;
  readonly sessions: SessionsRepository;
  readonly nodes: NodesRepository;
  readonly versions: VersionsRepository;
  readonly meta: MetaRepository;
  readonly uploads: UploadsRepository;
}

function repositoriesOver(db: Kysely<Database>): Repositories {
  return {
    users: new UsersRepository(db),
    sessions: new SessionsRepository(db),
    nodes: new NodesRepository(db),
    versions: new VersionsRepository(db),
    meta: new MetaRepository(db),
    uploads: new UploadsRepository(db),
  };
}

/**
 * The features' only door to the database: repositories outside a transaction, and `transaction`
 * to run several writes atomically. Never hold a transaction across network or disk streaming.
 */
export class Store {
  readonly repos: Repositories;

  constructor(private readonly db: Kysely<Database>) {
    this.repos = repositoriesOver(db);
  }

  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(repositoriesOver(trx)));
  }
}

/** True when a write failed on a UNIQUE constraint, in either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
