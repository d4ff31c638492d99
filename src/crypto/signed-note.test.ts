import { describe, expect, it } from 'vitest';
import { ed25519PublicKey, formatCheckpoint, generateEd25519, openNote, parseCheckpoint, parseVerifierKey, signNote, verifierKey } from './index.js';

// The example of golang.org/x/mod/sumdb/note (its documentation and note_test.go): a known-answer test for the
// note format, the key ID and the signature line. Ed25519 is deterministic, so signing must give these exact bytes.
const goSignerKey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const goVerifierKey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const goNote = `${goText}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const goSeed = Buffer.from(goSignerKey.split('+').slice(4).join('+'), 'base64').subarray(1);

describe('signed notes (c2sp.org/signed-note)', () => {
  it('reproduces the Go sumdb/note example byte for byte', () => {
    const publicKey = ed25519PublicKey(goSeed);
    expect(verifierKey('PeterNeumann', publicKey)).toBe(goVerifierKey);
    expect(signNote(goText, 'PeterNeumann', goSeed, publicKey)).toBe(goNote);
    expect(openNote(goNote, 'PeterNeumann', publicKey)).toBe(goText);
    expect(parseVerifierKey(goVerifierKey)?.publicKey.equals(publicKey)).toBe(true);
  });

  it('refuses an edited text, a forged signature, another key and malformed notes', () => {
    const publicKey = ed25519PublicKey(goSeed);
    expect(openNote(goNote.replace('cryptography', 'cryptographY'), 'PeterNeumann', publicKey)).toBeNull();
    const other = generateEd25519();
    const forged = signNote(goText, 'PeterNeumann', other.privateKey, other.publicKey);
    expect(openNote(forged, 'PeterNeumann', publicKey)).toBeNull();
    // Same name and key ID as the trusted key, wrong signature: the whole note is rejected.
    const sameIdBadSig = goNote.replace(/x08go\/ZJ/, 'x08go/ZK');
    expect(openNote(sameIdBadSig, 'PeterNeumann', publicKey)).toBeNull();
    expect(openNote(goText, 'PeterNeumann', publicKey)).toBeNull();
    expect(openNote(goNote.replace('\u2014', '-'), 'PeterNeumann', publicKey)).toBeNull();
    // An extra signature from an unknown key is ignored.
    const extra = `${goNote}\u2014 witness.example ${Buffer.alloc(68, 7).toString('base64')}\n`;
    expect(openNote(extra, 'PeterNeumann', publicKey)).toBe(goText);
    expect(parseVerifierKey(goVerifierKey.replace('c74f20a3', 'c74f20a4'))).toBeNull();
    // transparency-dev/formats' test key, whose base64 contains a "+".
    expect(parseVerifierKey('TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6')?.name).toBe('TEST');
  });
});

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  it('formats and parses the three lines', () => {
    const rootHash = Buffer.alloc(32, 9);
    const text = formatCheckpoint({ origin: 'example.com/coffer-log', size: 42, rootHash });
    expect(text).toBe(`example.com/coffer-log\n42\n${rootHash.toString('base64')}\n`);
    expect(parseCheckpoint(text)).toEqual({ origin: 'example.com/coffer-log', size: 42, rootHash });
  });

  it('refuses leading zeros, extension lines and bad hashes', () => {
    const root = Buffer.alloc(32).toString('base64');
    expect(parseCheckpoint(`o\n042\n${root}\n`)).toBeNull();
    expect(parseCheckpoint(`o\n42\n${root}\next\n`)).toBeNull();
    expect(parseCheckpoint(`o\n42\n${Buffer.alloc(31).toString('base64')}\n`)).toBeNull();
    expect(parseCheckpoint(`o\n42\n${root}`)).toBeNull();
  });
});
