// Zip download of a folder link, imported by link.js only when the visitor asks for a zip. Each file is fetched
// and decrypted object by object, as for a single download, and streamed into client-zip (store-only entries,
// ZIP64 when needed); the zip is written here, so the server sees only ciphertext, as for any other download.
import { downloadZip } from './client-zip.js';
import { expectedObjectSizes, fromBase64, openChild, openObject, openVersionKeys } from './link-crypto.js';

/**
 * `items`: opened entries `{ raw, key, name }` of one folder; folders are walked to the bottom. `archive.call` posts to
 * the link's API, `archive.archiveTicket` lists folders and asks manifests without counting (the zip counted once), `archive.fetchObject(downloadTicket, index)` fetches ciphertext. Resolves to the zip as a Blob.
 */
export async function zipBlob(items, archive, onFile) {
  return downloadZip(entriesOf(items, '', archive, onFile)).blob();
}

async function* entriesOf(items, prefix, archive, onFile) {
  for (const item of items) {
    const path = prefix + item.name;
    const lastModified = new Date(item.raw.modifiedAt);
    if (item.raw.type === 'folder') {
      yield { name: `${path}/`, lastModified };
      const { items: children } = await archive.call('/children', { ticket: archive.archiveTicket, folderId: item.raw.id });
      const opened = await Promise.all(
        children.map(async (raw) => ({
          raw,
          ...(await openChild(item.key, item.raw.id, { ...raw, keyWrapped: fromBase64(raw.keyWrapped), nameSealed: fromBase64(raw.nameSealed) })),
        })),
      );
      yield* entriesOf(opened, `${path}/`, archive, onFile);
    } else {
      onFile(path);
      yield { name: path, lastModified, input: decrypted(item.raw.id, item.key, archive) };
    }
  }
}

/** The file's plaintext, one verified object at a time; the next object is fetched while this one is decrypted. */
async function* decrypted(fileId, dataKey, archive) {
  const manifest = await archive.call('/manifest', { ticket: archive.archiveTicket, fileId });
  const keys = await openVersionKeys(dataKey, manifest.fileId, manifest.versionId, fromBase64(manifest.salt), fromBase64(manifest.commitment));
  const count = expectedObjectSizes(manifest.size).length;
  let next = archive.fetchObject(manifest.ticket, 0);
  for (let index = 0; index < count; index++) {
    const sealed = await next;
    if (index + 1 < count) next = archive.fetchObject(manifest.ticket, index + 1);
    yield await openObject(keys, manifest.size, index, sealed);
  }
}
