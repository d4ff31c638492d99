import type { Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types shared by both SQL dialects. Times are Unix milliseconds; binary columns are
 * BLOB (SQLite) or BYTEA (PostgreSQL) and read back as Buffer in both.
 * Nothing in the database is plaintext user content: names are sealed, keys are wrapped.
 */
export interface Database {
  meta: MetaTable;
  users: UsersTable;
  sessions: SessionsTable;
  nodes: NodesTable;
  versions: VersionsTable;
  version_objects: VersionObjectsTable;
  shares: SharesTable;
  key_pins: KeyPinsTable;
  links: LinksTable;
  link_tickets: LinkTicketsTable;
  share_events: ShareEventsTable;
  file_requests: FileRequestsTable;
  guest_invitations: GuestInvitationsTable;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: string;
  email: string;
  role: 'admin' | 'user' | 'guest';
  status: 'active' | 'disabled';
  quota_bytes: number;
  used_bytes: number;
  password_kdf: string;
  password_verifier: Buffer;
  master_key_by_password: Buffer;
  master_key_by_recovery: Buffer;
  root_folder_id: string;
  x25519_public: Buffer;
  x25519_private_wrapped: Buffer;
  ed25519_public: Buffer;
  ed25519_private_wrapped: Buffer;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  kind: 'browser' | 'token';
  label: string;
  secret_verifier: Buffer;
  master_key_wrapped: Buffer;
  created_at: number;
  last_used_at: number;
  expires_at: number;
}

export interface NodesTable {
  id: string;
  owner_id: string;
  parent_id: string | null;
  kind: 'folder' | 'file';
  name_sealed: Buffer | null;
  name_hash: Buffer | null;
  key_wrapped: Buffer;
  /** 'sealed': dropped through a file request; key and name sealed to the owner's X25519 key until adopted. */
  key_protection: 'account' | 'passphrase' | 'sealed';
  passphrase_kdf: string | null;
  current_version_id: string | null;
  size: number;
  created_at: number;
  updated_at: number;
  trashed_at: number | null;
}

export interface VersionsTable {
  id: string;
  node_id: string;
  owner_id: string;
  number: number;
  size: number;
  stored_size: number;
  salt: Buffer;
  commitment: Buffer;
  merkle_root: Buffer;
  object_count: number;
  created_at: number;
}

export interface VersionObjectsTable {
  version_id: string;
  idx: number;
  object_key: string;
  size: number;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type NodeRow = Selectable<NodesTable>;
export type NewNode = Insertable<NodesTable>;
export type VersionRow = Selectable<VersionsTable>;
export type NewVersion = Insertable<VersionsTable>;
export type VersionObjectRow = Selectable<VersionObjectsTable>;

export interface SharesTable {
  id: string;
  node_id: string;
  node_type: 'file' | 'folder';
  owner_id: string;
  sharer_id: string;
  recipient_id: string;
  /** The recipient's X25519 key as the sharer saw it (pinned), the key `key_sealed` is sealed to. */
  recipient_public: Buffer;
  permission: 'read' | 'write';
  expires_at: number | null;
  key_sealed: Buffer;
  name_sealed: Buffer;
  signature: Buffer;
  created_at: number;
  updated_at: number;
}

export interface KeyPinsTable {
  pinner_id: string;
  subject_id: string;
  x25519_public: Buffer;
  ed25519_public: Buffer;
  created_at: number;
}

export interface LinksTable {
  id: string;
  node_id: string;
  node_type: 'file' | 'folder';
  owner_id: string;
  key_wrapped: Buffer;
  name_sealed: Buffer;
  access_verifier: Buffer;
  password_kdf: string | null;
  password_verifier: Buffer | null;
  expires_at: number | null;
  max_downloads: number | null;
  download_count: number;
  allow_download: number;
  revoked_at: number | null;
  created_at: number;
}

export interface LinkTicketsTable {
  id: string;
  link_id: string;
  node_id: string;
  version_id: string;
  verifier: Buffer;
  created_at: number;
  expires_at: number;
}

export interface ShareEventsTable {
  id: string;
  kind: string;
  actor_id: string | null;
  subject_id: string;
  node_id: string;
  owner_id: string;
  at: number;
}

export type ShareRow = Selectable<SharesTable>;
export type KeyPinRow = Selectable<KeyPinsTable>;
export type LinkRow = Selectable<LinksTable>;
export type LinkTicketRow = Selectable<LinkTicketsTable>;
export type ShareEventRow = Selectable<ShareEventsTable>;

export interface FileRequestsTable {
  id: string;
  folder_id: string;
  owner_id: string;
  token_verifier: Buffer;
  password_kdf: string | null;
  password_verifier: Buffer | null;
  expires_at: number | null;
  revoked_at: number | null;
  created_at: number;
}

export type FileRequestRow = Selectable<FileRequestsTable>;

export interface GuestInvitationsTable {
  id: string;
  inviter_id: string;
  email: string;
  token_verifier: Buffer;
  /** What to share with the guest once they have an account (and so a public key to seal to). */
  node_id: string | null;
  permission: 'read' | 'write' | null;
  accepted_user_id: string | null;
  expires_at: number;
  created_at: number;
}

export type GuestInvitationRow = Selectable<GuestInvitationsTable>;
