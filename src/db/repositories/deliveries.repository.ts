import type { Kysely } from 'kysely';
import type { Database, DeliveryRecipientRow, DeliveryRow } from '../schema.js';

type CodeState = Pick<DeliveryRecipientRow, 'code_verifier' | 'code_expires_at' | 'code_sent_at' | 'code_failures'>;

/** Deliveries by email and their recipients; each recipient's key material lives in its `links` row. */
export class DeliveriesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: DeliveryRow): Promise<void> {
    await this.db.insertInto('deliveries').values(row).execute();
  }

  async insertRecipient(row: DeliveryRecipientRow): Promise<void> {
    await this.db.insertInto('delivery_recipients').values(row).execute();
  }

  findById(id: string): Promise<DeliveryRow | undefined> {
    return this.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listForOwner(ownerId: string): Promise<DeliveryRow[]> {
    return this.db.selectFrom('deliveries').selectAll().where('owner_id', '=', ownerId).orderBy('created_at', 'desc').orderBy('id').execute();
  }

  recipients(deliveryIds: readonly string[]): Promise<DeliveryRecipientRow[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('delivery_recipients').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('email').orderBy('id').execute();
  }

  recipientByLink(linkId: string): Promise<DeliveryRecipientRow | undefined> {
    return this.db.selectFrom('delivery_recipients').selectAll().where('link_id', '=', linkId).executeTakeFirst();
  }

  /** The link ids of every recipient of the owner's deliveries (kept out of their plain link list). */
  async linkIdsForOwner(ownerId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('delivery_recipients')
      .innerJoin('deliveries', 'deliveries.id', 'delivery_recipients.delivery_id')
      .select('delivery_recipients.link_id')
      .where('deliveries.owner_id', '=', ownerId)
      .execute();
    return new Set(rows.map((r) => r.link_id));
  }

  async markSent(id: string, at: number, ok: boolean): Promise<void> {
    await this.db
      .updateTable('delivery_recipients')
      .set(ok ? { sent_at: at } : { send_failed_at: at })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Replaces the code, only if no other code was sent since `sentBefore` (the `code_sent_at` the caller read): of
   * requests racing to send one, one wins. True for that one.
   */
  async setCode(id: string, state: CodeState, sentBefore: number | null): Promise<boolean> {
    const result = await this.db
      .updateTable('delivery_recipients')
      .set(state)
      .where('id', '=', id)
      .where('code_sent_at', sentBefore === null ? 'is' : '=', sentBefore)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Spends one of the live code's `limit` tries before it is compared, so requests racing with guesses cannot test
   * more than `limit` of them. The tries spent so far, or undefined when this code is used up, expired or replaced.
   */
  async takeCodeTry(id: string, verifier: Buffer, at: number, limit: number): Promise<number | undefined> {
    const row = await this.db
      .updateTable('delivery_recipients')
      .set((eb) => ({ code_failures: eb('code_failures', '+', 1) }))
      .where('id', '=', id)
      .where('code_verifier', '=', verifier)
      .where('code_expires_at', '>', at)
      .where('code_failures', '<', limit)
      .returning('code_failures')
      .executeTakeFirst();
    return row ? Number(row.code_failures) : undefined;
  }

  /** A code whose last try failed: destroyed, so a new one must be requested (and none counts as on its way). */
  async destroyCode(id: string, verifier: Buffer): Promise<void> {
    await this.db
      .updateTable('delivery_recipients')
      .set({ code_verifier: null, code_expires_at: null })
      .where('id', '=', id)
      .where('code_verifier', '=', verifier)
      .execute();
  }

  /** Uses the code once: only the request that clears this exact verifier succeeds, so a replay or a race loses. */
  async consumeCode(id: string, verifier: Buffer, at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('delivery_recipients')
      .set({ code_verifier: null, code_expires_at: null, code_failures: 0 })
      .where('id', '=', id)
      .where('code_verifier', '=', verifier)
      .where('code_expires_at', '>', at)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Sets the time once; true for the call that set it (the first). */
  async markFirst(id: string, column: 'opened_at' | 'downloaded_at', at: number): Promise<boolean> {
    const result = await this.db
      .updateTable('delivery_recipients')
      .set({ [column]: at })
      .where('id', '=', id)
      .where(column, 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async revokeRecipient(id: string, at: number): Promise<void> {
    await this.db
      .updateTable('delivery_recipients')
      .set({ revoked_at: at, code_verifier: null, code_expires_at: null })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revoke(id: string, at: number): Promise<void> {
    await this.db.updateTable('deliveries').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  }
}
