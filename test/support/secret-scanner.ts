import { randomBytes } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Looks for secrets (marker strings, passwords, tokens, raw key bytes) in stored bytes, in every
 * encoding a careless implementation might have used to store them: the raw bytes, UTF-16 (both byte
 * orders, for text), base64 and base64url at all three alignments, and hex in both cases.
 *
 * A base64 needle is the part of the encoding that depends on the secret alone: the characters that
 * also encode neighbouring bytes (the first group when the secret does not start a group, the
 * last incomplete group) are dropped, so the needle matches whatever surrounds the secret.
 */
export interface Secret {
  readonly label: string;
  readonly bytes: Buffer;
  /** Text secrets are also searched as UTF-16. */
  readonly text: string | undefined;
}

export interface Needle {
  readonly secret: string;
  readonly encoding: string;
  readonly bytes: Buffer;
}

export interface Finding {
  readonly where: string;
  readonly secret: string;
  readonly encoding: string;
  readonly offset: number;
}

export const scanEncodings = [
  'raw',
  'utf16le',
  'utf16be',
  'base64@0',
  'base64@1',
  'base64@2',
  'base64url@0',
  'base64url@1',
  'base64url@2',
  'hex',
  'HEX',
] as const;
export type ScanEncoding = (typeof scanEncodings)[number];

const minNeedleBytes = 12;

export function textSecret(label: string, value: string): Secret {
  return { label, bytes: Buffer.from(value, 'utf8'), text: value };
}

export function binarySecret(label: string, bytes: Uint8Array): Secret {
  return { label, bytes: Buffer.from(bytes), text: undefined };
}

/** A unique marker that cannot occur by chance: `MARKER-<label>-<32 random hex>`. */
export function marker(label: string): string {
  return `MARKER-${label}-${randomBytes(16).toString('hex')}`;
}

/** The needle of one encoding, or undefined when it does not apply (UTF-16 of binary data). */
export function encodeSecret(secret: Secret, encoding: ScanEncoding): Buffer | undefined {
  switch (encoding) {
    case 'raw':
      return secret.bytes;
    case 'utf16le':
      return secret.text === undefined ? undefined : Buffer.from(secret.text, 'utf16le');
    case 'utf16be':
      return secret.text === undefined ? undefined : Buffer.from(secret.text, 'utf16le').swap16();
    case 'hex':
      return Buffer.from(secret.bytes.toString('hex'), 'ascii');
    case 'HEX':
      return Buffer.from(secret.bytes.toString('hex').toUpperCase(), 'ascii');
    default: {
      const [kind, alignText] = encoding.split('@') as ['base64' | 'base64url', string];
      const align = Number(alignText);
      const padded = Buffer.concat([Buffer.alloc(align, 0), secret.bytes]);
      const encoded = padded.toString(kind).replace(/=+$/, '');
      const start = align === 0 ? 0 : 4;
      const end = Math.floor(padded.length / 3) * 4;
      return Buffer.from(encoded.slice(start, end), 'ascii');
    }
  }
}

export function needlesFor(secrets: readonly Secret[]): Needle[] {
  const needles: Needle[] = [];
  for (const secret of secrets) {
    for (const encoding of scanEncodings) {
      const bytes = encodeSecret(secret, encoding);
      if (bytes === undefined) continue;
      if (bytes.length < minNeedleBytes) throw new Error(`secret ${secret.label} is too short to search for reliably as ${encoding}`);
      needles.push({ secret: secret.label, encoding, bytes });
    }
  }
  return needles;
}

export function scanBuffer(where: string, haystack: Buffer, needles: readonly Needle[]): Finding[] {
  const findings: Finding[] = [];
  for (const needle of needles) {
    const offset = haystack.indexOf(needle.bytes);
    if (offset >= 0) findings.push({ where, secret: needle.secret, encoding: needle.encoding, offset });
  }
  return findings;
}

/** Every regular file under `root`, recursively (symbolic links are not followed). */
export function listFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const info = lstatSync(full);
      if (info.isDirectory()) walk(full);
      else if (info.isFile()) files.push(full);
    }
  };
  walk(root);
  return files.sort();
}

export interface TreeScan {
  readonly files: readonly { readonly path: string; readonly size: number }[];
  readonly bytesScanned: number;
  readonly findings: readonly Finding[];
}

/** Reads every byte of every file under `root` and searches it for every needle. */
export function scanTree(root: string, needles: readonly Needle[]): TreeScan {
  const files: { path: string; size: number }[] = [];
  const findings: Finding[] = [];
  let bytesScanned = 0;
  for (const file of listFiles(root)) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      // A file the server removed between listing and reading (e.g. a temp file renamed into place) holds nothing any more.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const relative = path.relative(root, file);
    files.push({ path: relative, size: bytes.length });
    bytesScanned += bytes.length;
    findings.push(...scanBuffer(relative, bytes, needles));
  }
  return { files, bytesScanned, findings };
}

export function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `${f.secret} as ${f.encoding} in ${f.where} at byte ${f.offset}`).join('\n');
}

/**
 * Bytes that embed `secret` in `encoding` at the encoding's alignment, surrounded by noise, as a
 * careless implementation would store it. Used to prove the scanner finds what it looks for.
 */
export function embedSecret(secret: Secret, encoding: ScanEncoding): Buffer {
  const noise = (n: number) => randomBytes(n);
  switch (encoding) {
    case 'raw':
    case 'utf16le':
    case 'utf16be':
    case 'hex':
    case 'HEX':
      return Buffer.concat([noise(37), encodeSecret(secret, encoding)!, noise(41)]);
    default: {
      // A real base64 encoding of noise || secret || noise, with the secret starting at the given alignment.
      const [kind, alignText] = encoding.split('@') as ['base64' | 'base64url', string];
      const before = 3 * 5 + Number(alignText);
      const encoded = Buffer.concat([noise(before), secret.bytes, noise(7)]).toString(kind);
      return Buffer.concat([noise(11), Buffer.from(encoded, 'ascii'), noise(13)]);
    }
  }
}
