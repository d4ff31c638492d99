/**
 * @simplewebauthn/server, loaded at the first passkey ceremony: it and its dependencies are about 8 MB of heap
 * that a server whose users never register a passkey does not need to hold.
 */
type WebAuthnLibrary = typeof import('@simplewebauthn/server');

let loading: Promise<WebAuthnLibrary> | undefined;

export function webauthn(): Promise<WebAuthnLibrary> {
  return (loading ??= import('@simplewebauthn/server'));
}
