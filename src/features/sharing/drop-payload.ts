/**
 * A file dropped through a file request is sealed to its owner as one age X25519 stanza over
 * `dataKey(32) || UTF-8(name)` (docs/format.md, "Sealed to the owner"): the server keeps neither in the clear.
 */
export const dropKeyLength = 32;

export function dropPayload(dataKey: Buffer, name: string): Buffer {
  return Buffer.concat([dataKey, Buffer.from(name, 'utf8')]);
}
