import type { Kysely } from 'kysely';
import type { Database, WebauthnChallengesTable } from '../schema.js';

type Purpose = WebauthnChallengesTable['purpose'];

/** WebAuthn challenges in the database, so any instance can check the answer to options another one issued. */
export class WebauthnChallengesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** One pending challenge per user and purpose: a new one replaces the old. */
  async put(challenge: string, purpose: Purpose, userId: string | null, expiresAt: number): Promise<void> {
    if (userId !== null) await this.db.deleteFrom('webauthn_challenges').where('user_id', '=', userId).where('purpose', '=', purpose).execute();
    await this.db.insertInto('webauthn_challenges').values({ challenge, purpose, user_id: userId, expires_at: expiresAt }).execute();
  }

  /** Deletes and returns the challenge if it was pending for this purpose (and user); single use. */
  async take(challenge: string, purpose: Purpose, userId: string | null, now: number): Promise<boolean> {
    let query = this.db.deleteFrom('webauthn_challenges').where('challenge', '=', challenge).where('purpose', '=', purpose).where('expires_at', '>', now);
    query = userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', userId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** The pending challenge of a user for a purpose (registration answers do not echo a handle we could look up by). */
  async takeForUser(userId: string, purpose: Purpose, now: number): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('webauthn_challenges')
      .select(['challenge', 'expires_at'])
      .where('user_id', '=', userId)
      .where('purpose', '=', purpose)
      .executeTakeFirst();
    if (!row) return undefined;
    await this.db.deleteFrom('webauthn_challenges').where('challenge', '=', row.challenge).execute();
    return Number(row.expires_at) > now ? row.challenge : undefined;
  }

  async deleteExpired(now: number): Promise<void> {
    await this.db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).execute();
  }
}
