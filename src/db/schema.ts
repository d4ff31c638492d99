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
  uploads: UploadsTable;
  upload_objects: UploadObjectsTable;
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
  key_protection: 'account' | 'passphrase';
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

/** A resumable upload in progress (migration 003). `mode` says whether it creates a file or adds a version. */
export interface UploadsTable {
  id: string;
  owner_id: string;
  parent_id: string;
  file_id: string;
  version_id: string;
  mode: 'file' | 'version';
  name_sealed: Buffer | null;
  name_hash: Buffer | null;
  key_wrapped: Buffer;
  file_key_wrapped: Buffer | null;
  key_protection: 'account' | 'passphrase';
  passphrase_kdf: string | null;
  salt: Buffer;
  upload_length: number;
  upload_offset: number;
  staging_key: string | null;
  tail_sealed: Buffer | null;
  created_at: number;
  expires_at: number;
}

export interface UploadObjectsTable {
  upload_id: string;
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
export type UploadRow = Selectable<UploadsTable>;
