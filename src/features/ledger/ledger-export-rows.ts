import { fromPortable, type DatabaseExport, type ExportedTable, type LedgerCheckpointRow } from '../../db/index.js';
import { publicKeyMeta, originMeta } from './log-key.js';
import { auditLedgerRows, type LedgerAuditReport, type LedgerRows, type LogVerifier } from './ledger-audit.js';

type Row = Record<string, unknown>;

function rowsOf(data: DatabaseExport, name: string): Row[] {
  const table: ExportedTable | undefined = data.tables.find((t) => t.name === name);
  if (!table) return [];
  return table.rows.map((values) => Object.fromEntries(table.columns.map((column, i) => [column, fromPortable(values[i] ?? null)])));
}

const asBuffer = (value: unknown): Buffer => (Buffer.isBuffer(value) ? value : Buffer.alloc(0));

/** The log tables of a database export (a backup snapshot), read in memory: no database needed. */
export function ledgerRowsFromExport(data: DatabaseExport): LedgerRows {
  const head = rowsOf(data, 'ledger_head').find((r) => Number(r.id) === 1);
  const entries = rowsOf(data, 'ledger_entries')
    .map((r) => ({ idx: Number(r.idx), entry: asBuffer(r.entry), leaf_hash: asBuffer(r.leaf_hash) }))
    .sort((a, b) => a.idx - b.idx);
  const checkpoints: LedgerCheckpointRow[] = rowsOf(data, 'ledger_checkpoints')
    .map((r) => ({ size: Number(r.size), root_hash: asBuffer(r.root_hash), note: String(r.note), created_at: Number(r.created_at) }))
    .sort((a, b) => a.size - b.size);
  const nodes = new Map(rowsOf(data, 'ledger_nodes').map((r) => [`${Number(r.level)}:${Number(r.idx)}`, asBuffer(r.hash)]));
  return {
    size: async () => Number(head?.size ?? 0),
    checkpoints: async () => checkpoints,
    entries: async (from, to) => entries.filter((e) => e.idx >= from && e.idx < to),
    nodes: async (keys) =>
      new Map(keys.flatMap((k) => (nodes.has(`${k.level}:${k.index}`) ? [[`${k.level}:${k.index}`, nodes.get(`${k.level}:${k.index}`)!]] : []))),
  };
}

/** The log's origin and public key as the export's `meta` pins them; undefined when it pins none. */
export function logVerifierFromExport(data: DatabaseExport): LogVerifier | undefined {
  const meta = new Map(rowsOf(data, 'meta').map((r) => [String(r.key), String(r.value)]));
  const publicKey = meta.get(publicKeyMeta);
  const origin = meta.get(originMeta);
  if (publicKey === undefined || origin === undefined) return undefined;
  return { origin, publicKey: Buffer.from(publicKey, 'base64') };
}

/**
 * The full log audit over an export: every entry's leaf hash and position, the tree root at every signed
 * checkpoint, each checkpoint's signature under the public key in `meta`, and the stored subtrees.
 */
export async function auditExportedLedger(data: DatabaseExport): Promise<LedgerAuditReport> {
  const key = logVerifierFromExport(data);
  const rows = ledgerRowsFromExport(data);
  if (!key) {
    const size = await rows.size();
    const problems = size > 0 || (await rows.checkpoints()).length > 0 ? ['the export holds log entries but meta pins no log public key or origin'] : [];
    return { size, entriesChecked: 0, checkpointsChecked: 0, problems };
  }
  return auditLedgerRows(rows, key);
}
