import type { Kysely } from 'kysely';
import type { Database, ScrubReportRow } from '../schema.js';

/** Finished scrubs, newest kept; the report column is the scrubber's JSON. */
export class ScrubReportsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: ScrubReportRow, keep: number): Promise<void> {
    await this.db.insertInto('scrub_reports').values(row).execute();
    const old = await this.db.selectFrom('scrub_reports').select('id').orderBy('started_at', 'desc').offset(keep).limit(1000).execute();
    if (old.length > 0)
      await this.db
        .deleteFrom('scrub_reports')
        .where(
          'id',
          'in',
          old.map((r) => r.id),
        )
        .execute();
  }

  latest(): Promise<ScrubReportRow | undefined> {
    return this.db.selectFrom('scrub_reports').selectAll().orderBy('started_at', 'desc').limit(1).executeTakeFirst();
  }
}
