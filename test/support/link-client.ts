import {
  expectedObjectSizes,
  fromBase64,
  linkKeys,
  openChild,
  openLinkRoot,
  openObject,
  openVersionKeys,
  toBase64Url,
} from '../../src/http/link-page/link-crypto.js';

/**
 * What the recipient page does, run in Node over the same environment-neutral decryptor (WebCrypto through
 * globalThis.crypto.subtle): prove the link, unwrap keys, open names, fetch ciphertext objects and decrypt them.
 */
export interface LinkVisit {
  readonly ticket: string;
  readonly rootKey: Uint8Array;
  readonly name: string;
  readonly root: { id: string; type: 'file' | 'folder'; size: number };
  readonly allowDownload: boolean;
}

export async function post(api: string, linkId: string, path: string, body: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${api}/public/links/${linkId}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

export async function accessOf(secret: string): Promise<string> {
  return toBase64Url((await linkKeys(fromBase64(secret))).access);
}

export async function visitLink(api: string, linkId: string, secret: string, password?: string): Promise<LinkVisit> {
  const { kek, access } = await linkKeys(fromBase64(secret));
  const opened = await post(api, linkId, '/open', { access: toBase64Url(access), ...(password ? { password } : {}) });
  if (opened.status !== 200) throw Object.assign(new Error(`open failed: ${opened.status}`), { response: opened });
  const root = opened.body.root;
  const { key, name } = await openLinkRoot(kek, linkId, { ...root, keyWrapped: fromBase64(root.keyWrapped), nameSealed: fromBase64(root.nameSealed) });
  return { ticket: opened.body.ticket, rootKey: key, name, root, allowDownload: opened.body.allowDownload };
}

export async function listLinkFolder(api: string, linkId: string, ticket: string, folderId: string, folderKey: Uint8Array) {
  const listed = await post(api, linkId, '/children', { ticket, folderId });
  if (listed.status !== 200) throw Object.assign(new Error(`children failed: ${listed.status}`), { response: listed });
  return Promise.all(
    listed.body.items.map(async (item: any) => ({
      id: item.id as string,
      type: item.type as 'file' | 'folder',
      ...(await openChild(folderKey, folderId, { ...item, keyWrapped: fromBase64(item.keyWrapped), nameSealed: fromBase64(item.nameSealed) })),
    })),
  );
}

/** Downloads and decrypts a file of the link; `tamper` may alter each fetched object before decryption. */
export async function downloadLinkFile(
  api: string,
  linkId: string,
  ticket: string,
  fileId: string | undefined,
  dataKey: Uint8Array,
  tamper: (index: number, sealed: Uint8Array) => Uint8Array = (_i, s) => s,
): Promise<Buffer> {
  const manifest = await post(api, linkId, '/manifest', { ticket, ...(fileId ? { fileId } : {}) });
  if (manifest.status !== 200) throw Object.assign(new Error(`manifest failed: ${manifest.status}`), { response: manifest });
  const m = manifest.body;
  const keys = await openVersionKeys(dataKey, m.fileId, m.versionId, fromBase64(m.salt), fromBase64(m.commitment));
  const parts: Uint8Array[] = [];
  for (let index = 0; index < expectedObjectSizes(m.size).length; index++) {
    const response = await fetch(`${api}/public/links/${linkId}/objects/${index}`, { headers: { 'x-coffer-link-ticket': m.ticket } });
    if (response.status !== 200)
      throw Object.assign(new Error(`object failed: ${response.status}`), { response: { status: response.status, body: await response.json() } });
    parts.push(await openObject(keys, m.size, index, tamper(index, new Uint8Array(await response.arrayBuffer()))));
  }
  return Buffer.concat(parts);
}
