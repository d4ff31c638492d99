import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/browser';

export { browserSupportsWebAuthn };

/** HKDF info prefix of the passkey key (docs/format.md, "Passwordless passkeys"). */
const keyInfoLabel = 'coffer/v1/passkey-key';

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function toBase64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Creates a passkey; `prf` says whether the authenticator can derive secrets (needed for sign-in without a password). */
export async function createPasskey(options: Record<string, unknown>): Promise<{ response: Record<string, unknown>; prf: boolean }> {
  const response = await startRegistration({ optionsJSON: options as unknown as PublicKeyCredentialCreationOptionsJSON });
  const prf = (response.clientExtensionResults as { prf?: { enabled?: boolean } }).prf?.enabled === true;
  return { response: { ...response, clientExtensionResults: {} } as unknown as Record<string, unknown>, prf };
}

/** A plain assertion (second factor, re-authentication): the JSON text the server expects. */
export async function assertPasskey(options: Record<string, unknown>): Promise<string> {
  const response = await startAuthentication({ optionsJSON: options as unknown as PublicKeyCredentialRequestOptionsJSON });
  return JSON.stringify({ ...response, clientExtensionResults: {} });
}

/**
 * An assertion with the PRF extension, and the 32-byte passkey key derived from the PRF output in this page:
 * HKDF-SHA-256(ikm = PRF output, salt = empty, info = label ‖ 0 ‖ user id ‖ 0 ‖ credential id). The PRF output itself
 * never leaves the page; the assertion is sent without extension results. Undefined when the authenticator has no PRF.
 */
export async function assertWithPrf(options: Record<string, unknown>, knownUserId?: string): Promise<{ assertion: string; key: string } | undefined> {
  const json = options as unknown as PublicKeyCredentialRequestOptionsJSON & { extensions?: { prf?: { eval?: { first?: string } } } };
  const input = json.extensions?.prf?.eval?.first;
  if (!input) throw new Error('The server did not ask for PRF.');
  const response: AuthenticationResponseJSON = await startAuthentication({
    optionsJSON: { ...json, extensions: { prf: { eval: { first: fromBase64url(input) } } } } as unknown as PublicKeyCredentialRequestOptionsJSON,
  });
  const output = (response.clientExtensionResults as { prf?: { results?: { first?: ArrayBuffer } } }).prf?.results?.first;
  if (!output) return undefined;
  const userId = knownUserId ?? (response.response.userHandle ? new TextDecoder().decode(fromBase64url(response.response.userHandle)) : undefined);
  if (!userId) return undefined;
  const ikm = await crypto.subtle.importKey('raw', output, 'HKDF', false, ['deriveBits']);
  const info = new TextEncoder().encode(`${keyInfoLabel}\0${userId}\0${response.id}`);
  const bits = await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info }, ikm, 256);
  return { assertion: JSON.stringify({ ...response, clientExtensionResults: {} }), key: toBase64url(new Uint8Array(bits)) };
}
