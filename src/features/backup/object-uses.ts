import { fromPortable, type DatabaseExport, type ExportedTable } from '../../db/index.js';

/** Which file version uses a stored object: reports name objects by key plus these ids, never by file name. */
export interface ObjectUse {
  readonly fileId: string;
  readonly versionId: string;
}

export interface ExportedVersion {
  readonly versionId: string;
  readonly fileId: string;
  readonly merkleRoot: Buffer;
  readonly objectKeys: readonly string[];
}

export interface ContentIndex {
  /** Every object the export references, with its stored size. */
  readonly objects: Map<string, number>;
  readonly uses: Map<string, ObjectUse[]>;
  readonly versions: readonly ExportedVersion[];
}

function columnReader(table: ExportedTable | undefined): (row: readonly unknown[], column: string) => unknown {
  const positions = new Map((table?.columns ?? []).map((c, i) => [c, i]));
  return (row, column) => {
    const at = positions.get(column);
    if (at === undefined) throw new Error(`the export's table ${table?.name ?? '?'} has no column ${column}`);
    return fromPortable(row[at] as never);
  };
}

/** Reads the content references out of an export: versions (with their Merkle roots) and their ordered object lists. */
export function indexContent(data: DatabaseExport): ContentIndex {
  const versionsTable = data.tables.find((t) => t.name === 'versions');
  const objectsTable = data.tables.find((t) => t.name === 'version_objects');
  const v = columnReader(versionsTable);
  const o = columnReader(objectsTable);
  const keysByVersion = new Map<string, { idx: number; key: string }[]>();
  const objects = new Map<string, number>();
  for (const row of objectsTable?.rows ?? []) {
    const versionId = String(o(row, 'version_id'));
    const key = String(o(row, 'object_key'));
    objects.set(key, Number(o(row, 'size')));
    const list = keysByVersion.get(versionId) ?? [];
    list.push({ idx: Number(o(row, 'idx')), key });
    keysByVersion.set(versionId, list);
  }
  const uses = new Map<string, ObjectUse[]>();
  const versions: ExportedVersion[] = [];
  for (const row of versionsTable?.rows ?? []) {
    const versionId = String(v(row, 'id'));
    const fileId = String(v(row, 'node_id'));
    const objectKeys = (keysByVersion.get(versionId) ?? []).sort((a, b) => a.idx - b.idx).map((e) => e.key);
    versions.push({ versionId, fileId, merkleRoot: v(row, 'merkle_root') as Buffer, objectKeys });
    for (const key of new Set(objectKeys)) uses.set(key, [...(uses.get(key) ?? []), { fileId, versionId }]);
  }
  return { objects, uses, versions };
}
