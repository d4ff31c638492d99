/**
 * The Cobblestone context for a file version: binds the ciphertext to one file and one version, so
 * objects cannot be moved between files or versions without failing the key commitment.
 * Layout (docs/format.md): "coffer/v1/content" || u16be(len fileId) || fileId || u16be(len versionId) || versionId.
 */
export function contentContext(fileId: string, versionId: string): Buffer {
  const parts = [Buffer.from('coffer/v1/content', 'ascii')];
  for (const field of [fileId, versionId]) {
    const bytes = Buffer.from(field, 'utf8');
    const length = Buffer.alloc(2);
    length.writeUInt16BE(bytes.length);
    parts.push(length, bytes);
  }
  return Buffer.concat(parts);
}
