import type { Kysely } from 'kysely';
import type { Database, NewVersion, VersionObjectRow, VersionRow } from '../schema.js';

export interface StoredObjectRef {
  readonly key: string;
  readonly size: number;
}

export interface VersionWithObjects {
  readonly version: VersionRow;
  readonly objects: readonly StoredObjectRef[];
}

export class VersionsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  findById(id: string): Promise<VersionRow | undefined> {
    return this.db.selectFrom('versions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listForNode(nodeId: string): Promise<VersionRow[]> {
    return this.db.selectFrom('versions').selectAll().where('node_id', '=', nodeId).orderBy('number', 'desc').execute();
  }

  listForNodes(nodeIds: readonly string[]): Promise<VersionRow[]> {
    if (nodeIds.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('versions').selectAll().where('node_id', 'in', nodeIds).execute();
  }

  async nextNumber(nodeId: string): Promise<number> {
    const row = await this.db
      .selectFrom('versions')
      .select((eb) => eb.fn.max<number | null>('number').as('n'))
      .where('node_id', '=', nodeId)
      .executeTakeFirst();
    return Number(row?.n ?? 0) + 1;
  }

  objects(versionId: string): Promise<VersionObjectRow[]> {
    return this.db.selectFrom('version_objects').selectAll().where('version_id', '=', versionId).orderBy('idx').execute();
  }

  async insert(version: NewVersion, objects: readonly StoredObjectRef[]): Promise<void> {
    await this.db.insertInto('versions').values(version).execute();
    // Chunk the multi-row insert: a 1 TiB file has 256k objects, beyond any bind-parameter limit.
    for (let start = 0; start < objects.length; start += 200) {
      const rows = objects.slice(start, start + 200).map((o, i) => ({ version_id: version.id, idx: start + i, object_key: o.key, size: o.size }));
      await this.db.insertInto('version_objects').values(rows).execute();
    }
  }

  /** Every version in id order, a page at a time, with its object list: the scrubber's walk. */
  async pageWithObjects(afterId: string | undefined, limit: number): Promise<VersionWithObjects[]> {
    let query = this.db.selectFrom('versions').selectAll().orderBy('id').limit(limit);
    if (afterId !== undefined) query = query.where('id', '>', afterId);
    const versions = await query.execute();
    if (versions.length === 0) return [];
    const rows = await this.db
      .selectFrom('version_objects')
      .selectAll()
      .where(
        'version_id',
        'in',
        versions.map((v) => v.id),
      )
      .orderBy('version_id')
      .orderBy('idx')
      .execute();
    const byVersion = new Map<string, StoredObjectRef[]>(versions.map((v) => [v.id, []]));
    for (const row of rows) byVersion.get(row.version_id)?.push({ key: row.object_key, size: Number(row.size) });
    return versions.map((version) => ({ version, objects: byVersion.get(version.id) ?? [] }));
  }

  /** How many versions and distinct objects the database refers to (for the health report). */
  async counts(): Promise<{ versions: number; objects: number }> {
    const versions = await this.db
      .selectFrom('versions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    const objects = await this.db
      .selectFrom('version_objects')
      .select((eb) => eb.fn.count<number>('object_key').distinct().as('n'))
      .executeTakeFirst();
    return { versions: Number(versions?.n ?? 0), objects: Number(objects?.n ?? 0) };
  }

  /** Which of `keys` some version still uses (objects are garbage once none does). */
  async referencedObjects(keys: readonly string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.db.selectFrom('version_objects').select('object_key').distinct().where('object_key', 'in', keys).execute();
    return new Set(rows.map((r) => r.object_key));
  }

  async deleteForNodes(nodeIds: readonly string[]): Promise<void> {
    if (nodeIds.length === 0) return;
    const versionIds = this.db.selectFrom('versions').select('id').where('node_id', 'in', nodeIds);
    await this.db.deleteFrom('version_objects').where('version_id', 'in', versionIds).execute();
    await this.db.deleteFrom('versions').where('node_id', 'in', nodeIds).execute();
  }
}
