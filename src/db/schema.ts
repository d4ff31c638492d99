import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type SessionScope = 'full' | 'api' | 'dav' | 'read-only';

/**
 * Table types shared by both SQL dialects. Times are Unix milliseconds; binary columns are
 * BLOB (SQLite) or BYTEA (PostgreSQL) and read back as Buffer in both.
 * Nothing in the database is plaintext user content: names are sealed, keys are wrapped.
 * The file stays whole past 400 lines on purpose: Kysely wants one `Database` interface, and one place that shows
 * every table beside its migration number is what a reviewer of the at-rest secrecy claim reads first.
 */
export interface Database {
  meta: MetaTable;
  users: UsersTable;
  sessions: SessionsTable;
  nodes: NodesTable;
  versions: VersionsTable;
  version_objects: VersionObjectsTable;
  user_factors: UserFactorsTable;
  recovery_codes: RecoveryCodesTable;
  sign_in_challenges: SignInChallengesTable;
  known_devices: KnownDevicesTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebauthnChallengesTable;
  attempt_counters: AttemptCountersTable;
  window_claims: WindowClaimsTable;
  email_changes: EmailChangesTable;
  admin_events: AdminEventsTable;
  invitations: InvitationsTable;
  ledger_head: LedgerHeadTable;
  ledger_entries: LedgerEntriesTable;
  ledger_nodes: LedgerNodesTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  scrub_reports: ScrubReportsTable;
  dav_locks: DavLocksTable;
  dav_properties: DavPropertiesTable;
  shares: SharesTable;
  key_pins: KeyPinsTable;
  links: LinksTable;
  link_tickets: LinkTicketsTable;
  share_events: ShareEventsTable;
  deliveries: DeliveriesTable;
  delivery_recipients: DeliveryRecipientsTable;
  file_requests: FileRequestsTable;
  guest_invitations: GuestInvitationsTable;
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
  role: 'admin' | 'user' | 'guest' | 'auditor';
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
  kind: 'browser' | 'token' | 'app';
  label: string;
  /** 'full' for sign-in sessions; an app password's scope otherwise (006). */
  scope: Generated<SessionScope>;
  secret_verifier: Buffer;
  master_key_wrapped: Buffer;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  /** When the session last proved the password or a second factor (010); null for app passwords. */
  reauthenticated_at: number | null;
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
  /** Keyed commitment to the plaintext (docs/format.md); null for versions written before the integrity log. */
  plaintext_mac: Buffer | null;
}

export interface VersionObjectsTable {
  version_id: string;
  idx: number;
  object_key: string;
  size: number;
}

export interface LedgerHeadTable {
  id: number;
  size: number;
}

export interface LedgerEntriesTable {
  idx: number;
  event_type: string;
  leaf_hash: Buffer;
  entry: Buffer;
  /** The version an upload-like entry records, so its receipt can find it. */
  version_id: string | null;
  created_at: number;
}

export interface LedgerNodesTable {
  level: number;
  idx: number;
  hash: Buffer;
}

export interface LedgerCheckpointsTable {
  size: number;
  root_hash: Buffer;
  note: string;
  created_at: number;
}

export type LedgerEntryRow = Selectable<LedgerEntriesTable>;
export type LedgerCheckpointRow = Selectable<LedgerCheckpointsTable>;
export interface ScrubReportsTable {
  id: string;
  started_at: number;
  finished_at: number;
  report: string;
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
/** The columns a folder listing shows: no key material, so a 10,000-item listing holds one Buffer per row, not three. */
export const nodeListingColumns = [
  'id',
  'parent_id',
  'kind',
  'name_sealed',
  'size',
  'created_at',
  'updated_at',
  'current_version_id',
  'key_protection',
  'trashed_at',
] as const;
export type NodeListingRow = Pick<NodeRow, (typeof nodeListingColumns)[number]>;
export type VersionRow = Selectable<VersionsTable>;
export type NewVersion = Insertable<VersionsTable>;
export type VersionObjectRow = Selectable<VersionObjectsTable>;

/** Second factors (006). `secret_sealed` holds a TOTP secret sealed under the server's factor key; null for email. */
export interface UserFactorsTable {
  id: string;
  user_id: string;
  kind: 'email' | 'totp';
  secret_sealed: Buffer | null;
  /** null until the person proved the factor works (TOTP enrollment). */
  confirmed_at: number | null;
  /** The last TOTP time step accepted, so a code cannot be replayed inside its window. */
  last_step: number | null;
  created_at: number;
}

export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  code_hash: Buffer;
  used_at: number | null;
  created_at: number;
}

/** A password step that passed and waits for its second factor. Not a session: it cannot open anything. */
export interface SignInChallengesTable {
  id: string;
  user_id: string;
  secret_verifier: Buffer;
  /** The master key wrapped under a key derived from the challenge secret, which only the client holds. */
  master_key_wrapped: Buffer;
  session_kind: 'browser' | 'token';
  label: string;
  client_address: string;
  code_hash: Buffer | null;
  code_expires_at: number | null;
  code_sent_at: number | null;
  code_failures: Generated<number>;
  /** The WebAuthn challenge of a passkey assertion in progress (base64url), single use. */
  webauthn_challenge: string | null;
  created_at: number;
  expires_at: number;
}

/** WebAuthn credentials (passkeys) used as a second factor. `id` is the credential id (base64url). */
export interface PasskeysTable {
  id: string;
  user_id: string;
  /** COSE public key as returned by the authenticator. */
  public_key: Buffer;
  counter: number;
  /** JSON array of transport hints. */
  transports: string;
  label: string;
  created_at: number;
  last_used_at: number | null;
  /** The master key wrapped under the passkey's PRF-derived key (010); null when the passkey is a second factor only. */
  master_key_wrapped: Buffer | null;
  passwordless_at: number | null;
}

/** A WebAuthn challenge waiting for its answer (010): registration, passwordless enabling, passwordless sign-in, reauth. */
export interface WebauthnChallengesTable {
  challenge: string;
  purpose: 'register' | 'passwordless-enable' | 'passwordless-sign-in' | 'reauth';
  user_id: string | null;
  expires_at: number;
}

/** Failures of one limiter key (`<limiter>:<account or address>`) in its window (010). */
export interface AttemptCountersTable {
  key: string;
  failures: number;
  first_failure_at: number;
  blocked_until: number;
}

/** The window a security notice (`notice:…`) was last sent for or a scheduled job (`job:<name>`) last ran for, whichever instance did it (011). */
export interface WindowClaimsTable {
  key: string;
  window_start: number;
}

export interface KnownDevicesTable {
  user_id: string;
  device_hash: Buffer;
  created_at: number;
}

/** Security events for administrators: kinds and counts only, never names, emails of others or file data. */
export interface AdminEventsTable {
  id: string;
  kind: string;
  user_id: string | null;
  detail: string;
  created_at: number;
}

/** A requested change of address, waiting for the link sent to the new address. */
export interface EmailChangesTable {
  id: string;
  user_id: string;
  new_email: string;
  token_verifier: Buffer;
  expires_at: number;
}

export interface InvitationsTable {
  id: string;
  email: string;
  role: 'admin' | 'user' | 'guest' | 'auditor';
  token_verifier: Buffer;
  invited_by: string;
  created_at: number;
  expires_at: number;
}

export type UserFactorRow = Selectable<UserFactorsTable>;
export type RecoveryCodeRow = Selectable<RecoveryCodesTable>;
export type ChallengeRow = Selectable<SignInChallengesTable>;
export type AdminEventRow = Selectable<AdminEventsTable>;
export type InvitationRow = Selectable<InvitationsTable>;
export type PasskeyRow = Selectable<PasskeysTable>;
export type EmailChangeRow = Selectable<EmailChangesTable>;
export type ScrubReportRow = Selectable<ScrubReportsTable>;
export interface DavLocksTable {
  token: string;
  owner_id: string;
  node_id: string;
  scope: 'exclusive' | 'shared';
  depth: '0' | 'infinity';
  owner_sealed: Buffer | null;
  timeout_seconds: number;
  expires_at: number;
  created_at: number;
}

export interface DavPropertiesTable {
  node_id: string;
  owner_id: string;
  sealed: Buffer;
  updated_at: number;
}

export type DavLockRow = Selectable<DavLocksTable>;
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

/** Migration 009: secure delivery by email (docs/sharing.md, "Secure delivery"). */
export interface DeliveriesTable {
  id: string;
  owner_id: string;
  node_id: string;
  node_type: 'file' | 'folder';
  notify_on_download: number;
  expires_at: number | null;
  revoked_at: number | null;
  created_at: number;
}

export interface DeliveryRecipientsTable {
  id: string;
  delivery_id: string;
  link_id: string;
  email: string;
  sent_at: number | null;
  send_failed_at: number | null;
  /** SHA-256 over the link's access value and the code: useless without the URL fragment (docs/format.md). */
  code_verifier: Buffer | null;
  code_expires_at: number | null;
  code_sent_at: number | null;
  code_failures: number;
  opened_at: number | null;
  downloaded_at: number | null;
  revoked_at: number | null;
}

export type DeliveryRow = Selectable<DeliveriesTable>;
export type DeliveryRecipientRow = Selectable<DeliveryRecipientsTable>;

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
export type UploadRow = Selectable<UploadsTable>;
