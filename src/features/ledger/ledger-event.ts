/**
 * What the integrity log records: ids, hashes and public keys, never names, emails or content
 * (docs/format.md, "Integrity log entries"). Each type lists the attributes it must carry; a content entry also
 * carries `plaintextMac` when the upload could compute it (resumable uploads cannot: see format.md).
 */
const shareSubject = ['subjectId', 'nodeId', 'ownerId'] as const;

/**
 * Sharing events (reported through `ShareEvents` in features/sharing): the grant, link, request or delivery id, the
 * node and its owner. A grant also names its recipient and the X25519 key it was sealed to, so an auditor can compare
 * that key with the recipient's `account.keys_published` entry. Adding a kind is one line here.
 */
export const shareEventAttributes = {
  'share.granted': [...shareSubject, 'userId', 'x25519Public'],
  'share.changed': shareSubject,
  'share.revoked': shareSubject,
  'share.left': shareSubject,
  'link.created': shareSubject,
  'link.opened': shareSubject,
  'link.downloaded': shareSubject,
  'link.revoked': shareSubject,
  'request.dropped': shareSubject,
  'delivery.sent': shareSubject,
  'delivery.opened': shareSubject,
  'delivery.downloaded': shareSubject,
  'delivery.revoked': shareSubject,
} as const satisfies Record<string, readonly (keyof EventAttributes)[]>;

export type ShareEventType = keyof typeof shareEventAttributes;

export const eventAttributes = {
  'account.created': ['userId', 'role'],
  'account.keys_published': ['userId', 'x25519Public', 'ed25519Public'],
  'account.updated': ['userId', 'role', 'detail'],
  'session.signed_in': ['userId', 'detail'],
  'session.signed_out': ['userId'],
  'folder.created': ['nodeId', 'parentId'],
  'file.uploaded': ['nodeId', 'parentId', 'versionId', 'size', 'merkleRoot', 'manifestHash', 'commitment'],
  'version.uploaded': ['nodeId', 'versionId', 'size', 'merkleRoot', 'manifestHash', 'commitment'],
  'version.restored': ['nodeId', 'versionId'],
  'node.renamed': ['nodeId'],
  'node.moved': ['nodeId', 'parentId'],
  'node.copied': ['nodeId', 'parentId', 'sourceNodeId'],
  'node.trashed': ['nodeId'],
  'node.restored': ['nodeId', 'parentId'],
  'node.purged': ['nodeId'],
  ...shareEventAttributes,
} as const satisfies Record<string, readonly (keyof EventAttributes)[]>;

export type EventType = keyof typeof eventAttributes;

/** Types whose entry records a version's content, so a receipt can point at it. */
export const contentEventTypes: readonly EventType[] = ['file.uploaded', 'version.uploaded'];

export interface EventAttributes {
  readonly userId?: string;
  readonly nodeId?: string;
  readonly versionId?: string;
  readonly parentId?: string;
  readonly sourceNodeId?: string;
  readonly size?: number;
  readonly merkleRoot?: Buffer;
  readonly manifestHash?: Buffer;
  readonly commitment?: Buffer;
  readonly plaintextMac?: Buffer;
  readonly x25519Public?: Buffer;
  readonly ed25519Public?: Buffer;
  readonly role?: string;
  /** A short ASCII word: the session kind of a sign-in, the status of an account change. */
  readonly detail?: string;
  /** The grant, link, file request or delivery a sharing event is about. */
  readonly subjectId?: string;
  /** The owner of the shared node. */
  readonly ownerId?: string;
}

export interface LedgerEvent {
  readonly type: EventType;
  /** Who caused it; null for the server itself (retention, garbage collection). */
  readonly actorId: string | null;
  readonly attributes: EventAttributes;
}

/** A decoded entry: the event plus the position and time the log gave it. */
export interface LedgerEntry extends LedgerEvent {
  readonly index: number;
  readonly time: number;
}
