import { z } from 'zod';
import { route } from './contract.js';
import { User, Timestamp } from './entities.js';

const Empty = z.object({});
const CredentialId = z.string().regex(/^[A-Za-z0-9_-]{1,1400}$/);
const WebAuthnOptions = z.record(z.string(), z.unknown()).describe('PublicKeyCredential options as JSON (binary fields base64url)');
const Assertion = z.string().max(16384).describe('the WebAuthn assertion as JSON text');
const PasskeyKey = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/)
  .describe('base64url of the 32-byte key the client derived from the PRF output (docs/format.md); used for this request only, never stored');
const Passkey = z
  .object({ id: z.string(), label: z.string(), createdAt: z.number().int(), lastUsedAt: z.number().int().nullable(), passwordless: z.boolean() })
  .meta({ id: 'Passkey' });

/** The passkey list, passwordless sign-in with the PRF extension, and fresh re-authentication (issue 4). */
export const passkeyRoutes = {
  listPasskeys: route({
    method: 'GET',
    path: '/me/passkeys',
    summary: 'The account passkeys with label, creation, last use and whether they sign in without a password',
    tag: 'security',
    auth: 'account',
    response: z.object({ passkeys: z.array(Passkey) }),
    successStatus: 200,
  }),
  renamePasskey: route({
    method: 'PATCH',
    path: '/me/passkeys/:id',
    summary: 'Rename a passkey',
    tag: 'security',
    auth: 'account',
    params: z.object({ id: CredentialId }),
    body: z.object({ label: z.string().trim().min(1).max(200) }),
    response: 'empty',
    successStatus: 204,
  }),
  passwordlessEnableOptions: route({
    method: 'POST',
    path: '/me/passkeys/:id/passwordless/options',
    summary: 'WebAuthn request options (user verification required, PRF evaluated) to let this passkey sign in without a password',
    tag: 'security',
    auth: 'account',
    reauth: true,
    params: z.object({ id: CredentialId }),
    body: Empty.optional(),
    response: WebAuthnOptions,
    successStatus: 200,
  }),
  enablePasswordless: route({
    method: 'POST',
    path: '/me/passkeys/:id/passwordless',
    summary: 'Let this passkey sign in without a password: the master key is wrapped under the PRF-derived key',
    tag: 'security',
    auth: 'account',
    reauth: true,
    params: z.object({ id: CredentialId }),
    body: z.object({ response: Assertion, key: PasskeyKey }),
    response: 'empty',
    successStatus: 204,
  }),
  disablePasswordless: route({
    method: 'DELETE',
    path: '/me/passkeys/:id/passwordless',
    summary: 'Stop this passkey signing in without a password (its wrap of the master key is deleted)',
    tag: 'security',
    auth: 'account',
    reauth: true,
    params: z.object({ id: CredentialId }),
    response: 'empty',
    successStatus: 204,
  }),
  passwordlessOptions: route({
    method: 'POST',
    path: '/auth/passkey/options',
    summary: 'WebAuthn request options for a sign-in without a password (discoverable passkey, user verification, PRF)',
    tag: 'auth',
    auth: 'none',
    body: Empty.optional(),
    response: WebAuthnOptions,
    successStatus: 200,
  }),
  passwordlessSignIn: route({
    method: 'POST',
    path: '/auth/passkey',
    summary: 'Sign in without a password: a passkey assertion with user verification and the PRF-derived key',
    tag: 'auth',
    auth: 'none',
    body: z.object({ response: Assertion, key: PasskeyKey, kind: z.enum(['browser', 'token']).default('token'), label: z.string().max(200).optional() }),
    response: z.object({ user: User, token: z.string().nullable(), expiresAt: Timestamp }),
    successStatus: 200,
  }),
  reauthPasskeyOptions: route({
    method: 'POST',
    path: '/me/reauth/passkey-options',
    summary: 'WebAuthn request options to confirm a sensitive change with a passkey',
    tag: 'security',
    auth: 'account',
    body: Empty.optional(),
    response: WebAuthnOptions,
    successStatus: 200,
  }),
  reauthenticate: route({
    method: 'POST',
    path: '/me/reauth',
    summary: 'Confirm it is you (password or passkey assertion) before sensitive changes; valid 5 minutes for this session',
    tag: 'security',
    auth: 'account',
    body: z.union([z.object({ password: z.string().min(1).max(1024) }), z.object({ passkey: Assertion })]),
    response: z.object({ until: z.number().int() }),
    successStatus: 200,
  }),
};
