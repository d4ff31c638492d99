import { secretKek, secretVerifier, deriveSubkey, type WrapContext } from '../../crypto/index.js';

/**
 * Keys of a public link, all derived from the 32-byte secret that lives only in the URL fragment
 * (docs/format.md, "Link keys"). The browser derives the same values with WebCrypto (src/http/link-page/link-crypto.ts).
 *
 *   linkKek = deriveSubkey(secret, "coffer/v1/link-kek")       wraps the node key; never leaves the browser
 *   access  = deriveSubkey(secret, "coffer/v1/link-access")    sent by the browser to prove it holds the link
 *   stored  = SHA-256("coffer/v1/link-verifier" || access)     all the server keeps
 *
 * HKDF is one-way, so `access` (which the server sees at every visit) reveals nothing about `linkKek`.
 */
export const linkKekLabel = 'coffer/v1/link-kek';
export const linkAccessLabel = 'coffer/v1/link-access';
export const linkVerifierLabel = 'coffer/v1/link-verifier';
export const linkTicketLabel = 'coffer/v1/link-ticket';

export function linkKek(secret: Uint8Array): Buffer {
  return secretKek(secret, linkKekLabel);
}

export function linkAccess(secret: Uint8Array): Buffer {
  return deriveSubkey(secret, linkAccessLabel);
}

export function linkAccessVerifier(access: Uint8Array): Buffer {
  return secretVerifier(access, linkVerifierLabel);
}

export function linkWrapContext(nodeType: 'file' | 'folder', nodeId: string, linkId: string): WrapContext {
  return { keyType: nodeType, keyId: nodeId, wrappingKeyType: 'link', wrappingKeyId: linkId };
}
