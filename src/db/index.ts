import type { Kysely } from 'kysely';
import { ChallengesRepository } from './repositories/challenges.repository.js';
import { FactorsRepository } from './repositories/factors.repository.js';
import { SecurityRepository } from './repositories/security.repository.js';
import { PasskeysRepository } from './repositories/passkeys.repository.js';
import { WebauthnChallengesRepository } from './repositories/webauthn-challenges.repository.js';
import { AttemptCountersRepository } from './repositories/attempt-counters.repository.js';
import { WindowClaimsRepository } from './repositories/window-claims.repository.js';
import { LedgerRepository } from './repositories/ledger.repository.js';
import { DavRepository } from './repositories/dav.repository.js';
import { MetaRepository } from './repositories/meta.repository.js';
import { NodesRepository } from './repositories/nodes.repository.js';
import { ScrubReportsRepository } from './repositories/scrub-reports.repository.js';
import { FileRequestsRepository } from './repositories/file-requests.repository.js';
import { LinksRepository } from './repositories/links.repository.js';
import { DeliveriesRepository } from './repositories/deliveries.repository.js';
import { SharesRepository } from './repositories/shares.repository.js';
import { SessionsRepository } from './repositories/sessions.repository.js';
import { UploadsRepository } from './repositories/uploads.repository.js';
import { UsersRepository } from './repositories/users.repository.js';
import { VersionsRepository } from './repositories/versions.repository.js';
import type { Database } from './schema.js';

export * from './schema.js';
export { openDatabase, type DatabaseLocation, type OpenDatabase } from './open-database.js';
export type { SubtreeKey } from './repositories/ledger.repository.js';
export type { StoredObjectRef, VersionWithObjects } from './repositories/versions.repository.js';
export type { UploadProgress } from './repositories/uploads.repository.js';

export interface Repositories {
  readonly users: UsersRepository;
  readonly sessions: SessionsRepository;
  readonly nodes: NodesRepository;
  readonly versions: VersionsRepository;
  readonly meta: MetaRepository;
  readonly factors: FactorsRepository;
  readonly challenges: ChallengesRepository;
  readonly security: SecurityRepository;
  readonly passkeys: PasskeysRepository;
  readonly webauthnChallenges: WebauthnChallengesRepository;
  readonly attemptCounters: AttemptCountersRepository;
  readonly windowClaims: WindowClaimsRepository;
  readonly ledger: LedgerRepository;
  readonly scrubReports: ScrubReportsRepository;
  readonly dav: DavRepository;
  readonly shares: SharesRepository;
  readonly links: LinksRepository;
  readonly fileRequests: FileRequestsRepository;
  readonly uploads: UploadsRepository;
  readonly deliveries: DeliveriesRepository;
}

function repositoriesOver(db: Kysely<Database>): Repositories {
  return {
    users: new UsersRepository(db),
    sessions: new SessionsRepository(db),
    nodes: new NodesRepository(db),
    versions: new VersionsRepository(db),
    meta: new MetaRepository(db),
    factors: new FactorsRepository(db),
    challenges: new ChallengesRepository(db),
    security: new SecurityRepository(db),
    passkeys: new PasskeysRepository(db),
    webauthnChallenges: new WebauthnChallengesRepository(db),
    attemptCounters: new AttemptCountersRepository(db),
    windowClaims: new WindowClaimsRepository(db),
    ledger: new LedgerRepository(db),
    scrubReports: new ScrubReportsRepository(db),
    dav: new DavRepository(db),
    shares: new SharesRepository(db),
    links: new LinksRepository(db),
    fileRequests: new FileRequestsRepository(db),
    uploads: new UploadsRepository(db),
    deliveries: new DeliveriesRepository(db),
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
export * from './portable/index.js';
