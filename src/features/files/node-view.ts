import type { NodeListingRow } from '../../db/index.js';
import { mimeTypeFor } from './mime-types.js';

/** A node as features return it: the decrypted name and plain facts, no key material. */
export interface NodeView {
  readonly id: string;
  readonly parentId: string | null;
  readonly type: 'file' | 'folder';
  readonly name: string;
  readonly size: number;
  readonly mimeType: string | null;
  readonly createdAt: number;
  readonly modifiedAt: number;
  readonly versionId: string | null;
  readonly versionNumber: number | null;
  readonly passphraseProtected: boolean;
  readonly trashedAt: number | null;
  readonly damaged: boolean;
}

export function viewOf(row: NodeListingRow, name: string | undefined, versionNumber: number | null = null): NodeView {
  const damaged = name === undefined;
  const shownName = name ?? `unreadable-${row.id}`;
  return {
    id: row.id,
    parentId: row.parent_id,
    type: row.kind,
    name: shownName,
    size: row.size,
    mimeType: row.kind === 'file' ? mimeTypeFor(shownName) : null,
    createdAt: row.created_at,
    modifiedAt: row.updated_at,
    versionId: row.current_version_id,
    versionNumber,
    passphraseProtected: row.key_protection === 'passphrase',
    trashedAt: row.trashed_at,
    damaged,
  };
}
