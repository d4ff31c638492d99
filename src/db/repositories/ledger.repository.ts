import type { Kysely } from 'kysely';
import type { Database, LedgerCheckpointRow, LedgerEntryRow } from '../schema.js';

export interface SubtreeKey {
  readonly level: number;
  readonly index: number;
}

/** The integrity log's tables. Appends must run inside a transaction that starts with `reserveIndex`. */
export class LedgerRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Takes the next index. The single-row UPDATE locks the head row until the transaction ends (PostgreSQL row lock,
   * SQLite write lock), so concurrent appends, from this process or another instance, wait and get consecutive
   * indexes; the entries' primary key refuses a duplicate even if that ever failed.
   */
  async reserveIndex(): Promise<number> {
    const row = await this.db
      .updateTable('ledger_head')
      .set((eb) => ({ size: eb('size', '+', 1) }))
      .where('id', '=', 1)
      .returning('size')
      .executeTakeFirstOrThrow();
    return Number(row.size) - 1;
  }

  async size(): Promise<number> {
    const row = await this.db.selectFrom('ledger_head').select('size').where('id', '=', 1).executeTakeFirstOrThrow();
    return Number(row.size);
  }

  async insertEntry(row: LedgerEntryRow): Promise<void> {
    await this.db.insertInto('ledger_entries').values(row).execute();
  }

  async insertNode(level: number, index: number, hash: Buffer): Promise<void> {
    await this.db.insertInto('ledger_nodes').values({ level, idx: index, hash }).execute();
  }

  async node(level: number, index: number): Promise<Buffer | undefined> {
    const row = await this.db.selectFrom('ledger_nodes').select('hash').where('level', '=', level).where('idx', '=', index).executeTakeFirst();
    return row?.hash;
  }

  /** The stored hashes of the given subtrees, keyed `level:index`; missing ones are absent. */
  async nodes(keys: readonly SubtreeKey[]): Promise<Map<string, Buffer>> {
    const out = new Map<string, Buffer>();
    for (let start = 0; start < keys.length; start += 100) {
      const batch = keys.slice(start, start + 100);
      const rows = await this.db
        .selectFrom('ledger_nodes')
        .selectAll()
        .where((eb) => eb.or(batch.map((k) => eb.and([eb('level', '=', k.level), eb('idx', '=', k.index)]))))
        .execute();
      for (const r of rows) out.set(`${r.level}:${Number(r.idx)}`, r.hash);
    }
    return out;
  }

  async entries(from: number, to: number): Promise<LedgerEntryRow[]> {
    const rows = await this.db.selectFrom('ledger_entries').selectAll().where('idx', '>=', from).where('idx', '<', to).orderBy('idx').execute();
    return rows.map((r) => ({ ...r, idx: Number(r.idx) }));
  }

  async entryForVersion(versionId: string): Promise<LedgerEntryRow | undefined> {
    const row = await this.db.selectFrom('ledger_entries').selectAll().where('version_id', '=', versionId).orderBy('idx').executeTakeFirst();
    return row && { ...row, idx: Number(row.idx) };
  }

  async latestCheckpoint(): Promise<LedgerCheckpointRow | undefined> {
    const row = await this.db.selectFrom('ledger_checkpoints').selectAll().orderBy('size', 'desc').limit(1).executeTakeFirst();
    return row && { ...row, size: Number(row.size) };
  }

  async checkpoints(): Promise<LedgerCheckpointRow[]> {
    const rows = await this.db.selectFrom('ledger_checkpoints').selectAll().orderBy('size').execute();
    return rows.map((r) => ({ ...r, size: Number(r.size) }));
  }

  /** Two instances may sign the same size at once; Ed25519 is deterministic, so both wrote the same note. */
  async insertCheckpoint(row: LedgerCheckpointRow): Promise<void> {
    await this.db
      .insertInto('ledger_checkpoints')
      .values(row)
      .onConflict((oc) => oc.column('size').doNothing())
      .execute();
  }
}
