/** Header that carries a file's custom passphrase: base64 of its UTF-8 bytes, so any character survives HTTP. */
export const passphraseHeader = 'coffer-passphrase';

export function encodePassphrase(passphrase: string): string {
  const bytes = new TextEncoder().encode(passphrase);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function passphraseHeaders(passphrase: string | undefined): Record<string, string> {
  return passphrase === undefined ? {} : { [passphraseHeader]: encodePassphrase(passphrase) };
}
