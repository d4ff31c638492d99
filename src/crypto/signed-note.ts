import { createHash } from 'node:crypto';
import { sign, verify } from './keypairs.js';

/**
 * Signed notes (c2sp.org/signed-note) with Ed25519 signatures (signature type 0x01):
 *   note      = text (ending in "\n") || "\n" || one line per signature
 *   signature = "\u2014 " || key name || " " || base64(key ID (4 bytes, big-endian) || Ed25519 signature of text) || "\n"
 *   key ID    = SHA-256(key name || 0x0A || 0x01 || public key)[:4]
 * A verifier key (the vkey format of Go's sumdb/note) is `name+hex(key ID)+base64(0x01 || public key)`.
 */
const ed25519Type = 0x01;
const dash = '\u2014 ';
/** The spec asks verifiers to accept at least 16 signatures; a bound keeps parsing cheap. */
const maxSignatures = 100;
const maxNoteBytes = 64 * 1024;

export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !/[\x00-\x1f]/.test(name);
}

export function noteKeyId(name: string, publicKey: Uint8Array): Buffer {
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ed25519Type]))
    .update(publicKey)
    .digest();
  return digest.subarray(0, 4);
}

export function verifierKey(name: string, publicKey: Uint8Array): string {
  return `${name}+${noteKeyId(name, publicKey).toString('hex')}+${Buffer.concat([Buffer.from([ed25519Type]), publicKey]).toString('base64')}`;
}

/** Parses a verifier key; null when it is malformed, of another signature type, or its key ID does not match. */
export function parseVerifierKey(vkey: string): { name: string; publicKey: Buffer } | null {
  // The base64 part may itself contain "+": split off the name and the key ID only.
  const first = vkey.indexOf('+');
  const parts = [vkey.slice(0, first), vkey.slice(first + 1, first + 9), vkey.slice(first + 10)];
  if (first < 0 || vkey[first + 9] !== '+' || !isValidKeyName(parts[0]!) || !/^[0-9a-f]{8}$/.test(parts[1]!)) return null;
  const raw = Buffer.from(parts[2]!, 'base64');
  if (raw.length !== 33 || raw[0] !== ed25519Type || raw.toString('base64') !== parts[2]) return null;
  const publicKey = raw.subarray(1);
  if (!noteKeyId(parts[0]!, publicKey).equals(Buffer.from(parts[1]!, 'hex'))) return null;
  return { name: parts[0]!, publicKey };
}

function checkText(text: string): void {
  if (!text.endsWith('\n') || text.includes('\n\n') || /[\x00-\x09\x0b-\x1f]/.test(text)) {
    throw new TypeError('note text must end in a newline and contain no blank lines or control characters');
  }
}

/** Signs `text` as a one-signature note. */
export function signNote(text: string, name: string, privateKey: Uint8Array, publicKey: Uint8Array): string {
  checkText(text);
  if (!isValidKeyName(name)) throw new TypeError('note key name must be non-empty, without spaces or "+"');
  const signature = sign(privateKey, Buffer.from(text, 'utf8'));
  return `${text}\n${dash}${name} ${Buffer.concat([noteKeyId(name, publicKey), signature]).toString('base64')}\n`;
}

/**
 * Opens a note with one trusted key: returns its text when a signature line of that key (same name and key ID)
 * verifies, null otherwise. Lines from other keys are ignored, as the spec requires; a known key's line that fails
 * rejects the whole note.
 */
export function openNote(note: string, name: string, publicKey: Uint8Array): string | null {
  if (typeof note !== 'string' || Buffer.byteLength(note, 'utf8') > maxNoteBytes || /[\x00-\x09\x0b-\x1f]/.test(note)) return null;
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return null;
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2).split('\n');
  if (lines.pop() !== '' || lines.length === 0 || lines.length > maxSignatures) return null;
  const wantedId = noteKeyId(name, publicKey);
  let verified = false;
  for (const line of lines) {
    if (!line.startsWith(dash)) return null;
    const rest = line.slice(dash.length);
    const space = rest.lastIndexOf(' ');
    if (space <= 0) return null;
    const lineName = rest.slice(0, space);
    const blob = Buffer.from(rest.slice(space + 1), 'base64');
    if (blob.length < 5 || blob.toString('base64') !== rest.slice(space + 1)) return null;
    if (lineName !== name || !blob.subarray(0, 4).equals(wantedId)) continue;
    if (!verify(publicKey, Buffer.from(text, 'utf8'), blob.subarray(4))) return null;
    verified = true;
  }
  return verified ? text : null;
}
