import type { Kysely } from 'kysely';
import type { Database, NewUser, UserRow, UserUpdate } from '../schema.js';

export class UsersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  }

  list(): Promise<UserRow[]> {
    return this.db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
  }

  async countAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Deletes the account row; its sessions, nodes, versions and object lists go with it (ON DELETE CASCADE). */
  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('users').where('id', '=', id).execute();
  }

  async insert(user: NewUser): Promise<void> {
    await this.db.insertInto('users').values(user).execute();
  }

  async update(id: string, changes: UserUpdate): Promise<void> {
    await this.db.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  /** Adds `delta` bytes to the user's usage unless that would pass the quota (0 = unlimited). */
  async tryAddUsage(id: string, delta: number): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set((eb) => ({ used_bytes: eb('used_bytes', '+', delta) }))
      .where('id', '=', id)
      .where((eb) => eb.or([eb('quota_bytes', '=', 0), eb(eb('used_bytes', '+', delta), '<=', eb.ref('quota_bytes'))]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async subtractUsage(id: string, bytes: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set((eb) => ({ used_bytes: eb('used_bytes', '-', bytes) }))
      .where('id', '=', id)
      .execute();
  }
}
