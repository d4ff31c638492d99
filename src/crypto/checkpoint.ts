/**
 * Transparency log checkpoints (c2sp.org/tlog-checkpoint): the text of a signed note with three lines,
 *   origin "\n" tree size in decimal (no leading zeros) "\n" base64(RFC 6962 root hash) "\n"
 * Coffer writes no extension lines and refuses checkpoints that carry any.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Buffer;
}

export function formatCheckpoint(checkpoint: Checkpoint): string {
  if (checkpoint.origin.length === 0 || checkpoint.origin.includes('\n')) throw new TypeError('checkpoint origin must be one non-empty line');
  if (!Number.isSafeInteger(checkpoint.size) || checkpoint.size < 0) throw new RangeError('checkpoint size must be a non-negative integer');
  if (checkpoint.rootHash.length !== 32) throw new RangeError('checkpoint root hash must be 32 bytes');
  return `${checkpoint.origin}\n${checkpoint.size}\n${checkpoint.rootHash.toString('base64')}\n`;
}

/** Parses checkpoint text (already verified as a note); null when it is not exactly the three Coffer lines. */
export function parseCheckpoint(text: string): Checkpoint | null {
  const lines = text.split('\n');
  if (lines.length !== 4 || lines[3] !== '') return null;
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (origin.length === 0 || !/^(0|[1-9][0-9]{0,15})$/.test(sizeText)) return null;
  const size = Number(sizeText);
  const rootHash = Buffer.from(rootText, 'base64');
  if (!Number.isSafeInteger(size) || rootHash.length !== 32 || rootHash.toString('base64') !== rootText) return null;
  return { origin, size, rootHash };
}
