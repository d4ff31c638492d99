import { z } from 'zod';
import { route } from './contract.js';
import { Id, Node, Role, User, Version } from './entities.js';

const Email = z.string().trim().max(254).describe('email address');
const Password = z.string().min(1).max(1024);
const IdParams = z.object({ id: Id });
const Empty = z.object({});
const NameField = z.string().max(1024).describe('a file or folder name (validated server-side: no "/", "\\\\", NUL, "." or "..", at most 255 bytes)');
const ConflictPolicy = z.enum(['fail', 'version']).default('fail').describe('what to do when the name exists: fail with 409, or add a new version');

export const SignedIn = z.object({ user: User, token: z.string().nullable().describe('bearer token; null for browser sessions, which get a cookie'), expiresAt: z.string() });
export const AccountCreated = z.object({ user: User, recoveryKey: z.string().describe('shown once: it unlocks the account if the password is lost') });
export const Listing = z.object({ folder: Node, items: z.array(Node), total: z.number().int(), nextCursor: z.string().nullable() }).meta({ id: 'Listing' });

export const api = {
  health: route({ method: 'GET', path: '/health', summary: 'Liveness check', tag: 'server', auth: 'none', response: z.object({ status: z.literal('ok') }), successStatus: 200 }),
  setupStatus: route({ method: 'GET', path: '/setup', summary: 'Whether the server still needs its first administrator', tag: 'setup', auth: 'none', response: z.object({ needsSetup: z.boolean() }), successStatus: 200 }),
  setup: route({ method: 'POST', path: '/setup', summary: 'Create the first administrator with the one-time setup token', tag: 'setup', auth: 'none', body: z.object({ token: z.string().max(200), email: Email, password: Password }), response: AccountCreated, successStatus: 201 }),

  signIn: route({ method: 'POST', path: '/auth/sign-in', summary: 'Sign in with email and password', tag: 'auth', auth: 'none', body: z.object({ email: Email, password: Password, kind: z.enum(['browser', 'token']).default('token'), label: z.string().max(200).optional() }), response: SignedIn, successStatus: 200 }),
  signOut: route({ method: 'POST', path: '/auth/sign-out', summary: 'End the current session and destroy its key wrap', tag: 'auth', auth: 'session', body: Empty.optional(), response: 'empty', successStatus: 204 }),
  register: route({ method: 'POST', path: '/auth/register', summary: 'Create an account (only when self-registration is open)', tag: 'auth', auth: 'none', body: z.object({ email: Email, password: Password }), response: AccountCreated, successStatus: 201 }),
  recover: route({ method: 'POST', path: '/auth/recover', summary: 'Set a new password with the recovery key; every file stays readable', tag: 'auth', auth: 'none', body: z.object({ email: Email, recoveryKey: z.string().max(200), newPassword: Password }), response: 'empty', successStatus: 204 }),
  me: route({ method: 'GET', path: '/me', summary: 'The signed-in user, with quota and usage', tag: 'auth', auth: 'session', response: User, successStatus: 200 }),
  changePassword: route({ method: 'POST', path: '/me/password', summary: 'Change the password (re-wraps the master key; files are not re-encrypted)', tag: 'auth', auth: 'session', body: z.object({ currentPassword: Password, newPassword: Password }), response: 'empty', successStatus: 204 }),

  listUsers: route({ method: 'GET', path: '/users', summary: 'List accounts (admin)', tag: 'users', auth: 'admin', response: z.object({ users: z.array(User) }), successStatus: 200 }),
  createUser: route({ method: 'POST', path: '/users', summary: 'Create an account (admin)', tag: 'users', auth: 'admin', body: z.object({ email: Email, password: Password, role: Role.default('user'), quotaBytes: z.number().int().min(0).optional() }), response: AccountCreated, successStatus: 201 }),
  updateUser: route({ method: 'PATCH', path: '/users/:id', summary: 'Disable, enable, change role or quota (admin)', tag: 'users', auth: 'admin', params: IdParams, body: z.object({ status: z.enum(['active', 'disabled']).optional(), role: Role.optional(), quotaBytes: z.number().int().min(0).optional() }), response: User, successStatus: 200 }),

  getNode: route({ method: 'GET', path: '/nodes/:id', summary: 'A file or folder', tag: 'files', auth: 'session', params: IdParams, response: Node, successStatus: 200 }),
  resolvePath: route({ method: 'GET', path: '/resolve', summary: 'Find a file or folder by its path from the root, e.g. /Documents/report.pdf', tag: 'files', auth: 'session', query: z.object({ path: z.string().max(8192) }), response: z.object({ node: Node, path: z.array(Node) }), successStatus: 200 }),
  listFolder: route({
    method: 'GET', path: '/folders/:id/children', summary: 'List a folder, sorted and paged', tag: 'files', auth: 'session', params: IdParams,
    query: z.object({ sort: z.enum(['name', 'size', 'modified', 'type']).default('name'), order: z.enum(['asc', 'desc']).default('asc'), limit: z.coerce.number().int().min(1).max(10000).default(1000), cursor: z.string().max(100).optional() }),
    response: Listing, successStatus: 200,
  }),
  createFolder: route({ method: 'POST', path: '/folders', summary: 'Create a folder', tag: 'files', auth: 'session', body: z.object({ parentId: Id, name: NameField }), response: Node, successStatus: 201 }),
  updateNode: route({ method: 'PATCH', path: '/nodes/:id', summary: 'Rename and/or move', tag: 'files', auth: 'session', params: IdParams, body: z.object({ name: NameField.optional(), parentId: Id.optional() }), response: Node, successStatus: 200 }),
  copyNode: route({ method: 'POST', path: '/nodes/:id/copy', summary: 'Copy a file (current version) or a folder tree', tag: 'files', auth: 'session', params: IdParams, body: z.object({ parentId: Id, name: NameField.optional() }), response: Node, successStatus: 201 }),
  trashNode: route({ method: 'DELETE', path: '/nodes/:id', summary: 'Move to the trash', tag: 'trash', auth: 'session', params: IdParams, response: Node, successStatus: 200 }),
  listTrash: route({ method: 'GET', path: '/trash', summary: 'Items in the trash', tag: 'trash', auth: 'session', response: z.object({ items: z.array(Node) }), successStatus: 200 }),
  restoreNode: route({ method: 'POST', path: '/trash/:id/restore', summary: 'Restore from the trash, optionally under a new name', tag: 'trash', auth: 'session', params: IdParams, body: z.object({ name: NameField.optional() }).optional(), response: Node, successStatus: 200 }),
  purgeNode: route({ method: 'DELETE', path: '/trash/:id', summary: 'Delete forever', tag: 'trash', auth: 'session', params: IdParams, response: 'empty', successStatus: 204 }),
  emptyTrash: route({ method: 'DELETE', path: '/trash', summary: 'Delete everything in the trash forever', tag: 'trash', auth: 'session', response: z.object({ purged: z.number().int() }), successStatus: 200 }),

  uploadFile: route({
    method: 'POST', path: '/files', summary: 'Upload a file as the raw request body (streamed and encrypted as it arrives). Send the optional custom passphrase base64-encoded in the Coffer-Passphrase header.', tag: 'files', auth: 'session',
    query: z.object({ parentId: Id, name: NameField, onConflict: ConflictPolicy }), body: 'stream', response: Node, successStatus: 201,
  }),
  uploadForm: route({ method: 'POST', path: '/files/form', summary: 'Upload files with a multipart form (fields parentId, onConflict, passphrase before the file parts)', tag: 'files', auth: 'session', body: 'multipart', response: z.object({ items: z.array(Node) }), successStatus: 201 }),
  uploadVersion: route({ method: 'POST', path: '/files/:id/versions', summary: 'Upload a new version of a file (raw body)', tag: 'versions', auth: 'session', params: IdParams, body: 'stream', response: Node, successStatus: 201 }),
  listVersions: route({ method: 'GET', path: '/files/:id/versions', summary: 'Versions of a file, newest first', tag: 'versions', auth: 'session', params: IdParams, response: z.object({ versions: z.array(Version) }), successStatus: 200 }),
  restoreVersion: route({ method: 'POST', path: '/files/:id/versions/:versionId/restore', summary: 'Make an earlier version current', tag: 'versions', auth: 'session', params: z.object({ id: Id, versionId: Id }), body: Empty.optional(), response: Node, successStatus: 200 }),
  downloadFile: route({
    method: 'GET', path: '/files/:id/content', summary: 'Download (supports Range, ETag and If-None-Match)', tag: 'files', auth: 'session', params: IdParams,
    query: z.object({ version: Id.optional(), inline: z.enum(['0', '1']).optional() }), response: 'stream', successStatus: 200,
  }),
} as const;

export type Api = typeof api;
