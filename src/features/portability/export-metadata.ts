import type { NodeRow, UserRow, VersionRow } from '../../db/index.js';

export interface ExportedItem {
  readonly node: NodeRow;
  readonly path: string;
  readonly trashed: boolean;
  readonly contentIncluded: boolean;
  readonly versions: readonly VersionRow[];
}

/** `coffer-export.json` in an account export (docs/backup.md "Per-user export"). */
export function exportMetadata(user: UserRow, items: readonly ExportedItem[], exportedAt: number) {
  const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
  return {
    format: 'coffer-account-export',
    version: 1,
    exportedAt: iso(exportedAt),
    account: { id: user.id, email: user.email, role: user.role, createdAt: iso(user.created_at), quotaBytes: user.quota_bytes, usedBytes: user.used_bytes },
    items: items.map((item) => ({
      path: item.path,
      id: item.node.id,
      type: item.node.kind,
      size: item.node.size,
      createdAt: iso(item.node.created_at),
      modifiedAt: iso(item.node.updated_at),
      trashedAt: iso(item.node.trashed_at),
      passphraseProtected: item.node.key_protection === 'passphrase',
      contentIncluded: item.contentIncluded,
      versions: [...item.versions]
        .sort((a, b) => a.number - b.number)
        .map((v) => ({
          id: v.id,
          number: v.number,
          size: v.size,
          createdAt: iso(v.created_at),
          current: v.id === item.node.current_version_id,
          merkleRoot: v.merkle_root.toString('hex'),
        })),
    })),
    // Sharing does not exist yet; its history lands here when it does.
    shares: [] as unknown[],
  };
}
