import type { Insertable, Kysely, Updateable } from 'kysely';
import type { ChallengeRow, Database, SignInChallengesTable } from '../schema.js';

/** Pending sign-ins between the password step and the second factor. */
export class ChallengesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<ChallengeRow | undefined> {
    return this.db.selectFrom('sign_in_challenges').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(challenge: Insertable<SignInChallengesTable>): Promise<void> {
    await this.db.insertInto('sign_in_challenges').values(challenge).execute();
  }

  async update(id: string, changes: Updateable<SignInChallengesTable>): Promise<void> {
    await this.db.updateTable('sign_in_challenges').set(changes).where('id', '=', id).execute();
  }

  /** Counts one wrong code; returns the new count. */
  async addFailure(id: string): Promise<number> {
    await this.db
      .updateTable('sign_in_challenges')
      .set((eb) => ({ code_failures: eb('code_failures', '+', 1) }))
      .where('id', '=', id)
      .execute();
    const row = await this.db.selectFrom('sign_in_challenges').select('code_failures').where('id', '=', id).executeTakeFirst();
    return row?.code_failures ?? Number.MAX_SAFE_INTEGER;
  }

  /** Deletes the challenge; false when it was already consumed (a replay or a race). */
  async consume(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('sign_in_challenges').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('sign_in_challenges').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
