import type { Insertable, Kysely } from 'kysely';
import type { Database, RecoveryCodeRow, UserFactorRow, UserFactorsTable } from '../schema.js';

/** Second factors and recovery codes of accounts. */
export class FactorsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  listForUser(userId: string): Promise<UserFactorRow[]> {
    return this.db.selectFrom('user_factors').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  }

  async insert(factor: Insertable<UserFactorsTable>): Promise<void> {
    await this.db.insertInto('user_factors').values(factor).execute();
  }

  async confirm(id: string, at: number, step: number): Promise<void> {
    await this.db.updateTable('user_factors').set({ confirmed_at: at, last_step: step }).where('id', '=', id).execute();
  }

  /** Moves the TOTP replay mark forward; false when another request already used this or a later step. */
  async advanceStep(id: string, step: number): Promise<boolean> {
    const result = await this.db
      .updateTable('user_factors')
      .set({ last_step: step })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async deleteKind(userId: string, kind: UserFactorRow['kind']): Promise<void> {
    await this.db.deleteFrom('user_factors').where('user_id', '=', userId).where('kind', '=', kind).execute();
  }

  async deleteAllForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('user_factors').where('user_id', '=', userId).execute();
    await this.db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  }

  async replaceRecoveryCodes(userId: string, codes: readonly { id: string; hash: Buffer }[], now: number): Promise<void> {
    await this.db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
    if (codes.length === 0) return;
    await this.db
      .insertInto('recovery_codes')
      .values(codes.map((c) => ({ id: c.id, user_id: userId, code_hash: c.hash, used_at: null, created_at: now })))
      .execute();
  }

  unusedRecoveryCodes(userId: string): Promise<RecoveryCodeRow[]> {
    return this.db.selectFrom('recovery_codes').selectAll().where('user_id', '=', userId).where('used_at', 'is', null).execute();
  }

  /** Marks a code used; false when a concurrent request used it first. */
  async useRecoveryCode(id: string, at: number): Promise<boolean> {
    const result = await this.db.updateTable('recovery_codes').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
